/// Postfix's `smtpd_recipient_restrictions`, evaluated for one recipient.
enum SMTPRestrictions {
    /// The result of the restriction list.
    enum Decision: Equatable, Sendable {
        /// Accept the recipient (after the local recipient table check).
        case permit
        /// Reject with this reply line.
        case reject(String)
        /// A name in the list is not a Postfix restriction: Postfix logs it and replies 451.
        case unknownRestriction(String)
    }

    /// The facts a restriction looks at.
    struct Client {
        var address: String
        var mynetworks: [String]
        var isAuthenticated: Bool
        var isLocalDomain: (String?) -> Bool
    }

    /// The restrictions of which Postfix 2.x wants at least one in the list, so that a
    /// configuration cannot make an open relay by omission.
    private static let relayGuards: Set<String> = [
        "check_relay_domains", "reject_unauth_destination", "reject", "defer", "defer_if_permit",
    ]

    /// Returns Postfix 2.x's fatal error when the list would relay for anyone, else `nil`.
    static func configurationProblem(_ restrictions: [String]) -> String? {
        guard !restrictions.contains(where: { relayGuards.contains($0) }) else { return nil }
        return "parameter \"smtpd_recipient_restrictions\": specify at least one working"
            + " instance of: check_relay_domains, reject_unauth_destination, reject, defer"
            + " or defer_if_permit"
    }

    /// Evaluates the list in order until a restriction decides; the end of the list permits.
    static func evaluate(_ restrictions: [String], recipient: SMTPPath, client: Client)
        -> Decision
    {
        let shown = "<\(recipient.address)>"
        let isLocal = client.isLocalDomain(recipient.domain)
        // `defer_if_permit` turns a later permit into a temporary rejection.
        var deferIfPermit = false
        let permit = { (deferred: Bool) -> Decision in
            deferred
                ? .reject("450 4.7.1 \(shown): Recipient address rejected: Access denied")
                : .permit
        }
        for name in restrictions {
            switch name {
            case "permit_mynetworks":
                let inNetworks = client.mynetworks.contains { network in
                    CIDRBlock(network)?.contains(client.address) ?? false
                }
                if inNetworks {
                    return permit(deferIfPermit)
                }
            case "permit_sasl_authenticated":
                if client.isAuthenticated {
                    return permit(deferIfPermit)
                }
            case "reject_unauth_destination", "check_relay_domains":
                if !isLocal {
                    return .reject("554 5.7.1 \(shown): Relay access denied")
                }
            case "defer_unauth_destination":
                if !isLocal {
                    return .reject("450 4.7.1 \(shown): Relay access denied")
                }
            case "permit_auth_destination":
                if isLocal {
                    return permit(deferIfPermit)
                }
            case "reject_non_fqdn_recipient":
                if let domain = recipient.domain, !domain.contains(".") {
                    return .reject(
                        "504 5.5.2 \(shown): Recipient address rejected:"
                            + " need fully-qualified address")
                }
            case "reject_unlisted_recipient", "reject_unauth_pipelining":
                // The unlisted-recipient check runs after the list anyway.
                // TODO: reject_unauth_pipelining needs to know whether the client sent ahead,
                // which only the connection can tell; it permits for now.
                continue
            case "permit":
                return permit(deferIfPermit)
            case "reject":
                return .reject("554 5.7.1 \(shown): Recipient address rejected: Access denied")
            case "defer":
                return .reject("450 4.7.1 \(shown): Recipient address rejected: Access denied")
            case "defer_if_permit":
                deferIfPermit = true
            default:
                return .unknownRestriction(name)
            }
        }
        return permit(deferIfPermit)
    }
}
