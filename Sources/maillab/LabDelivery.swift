import Foundation
import Glibc
import LabSystem
import MailProtocol
import MailServer

/// Where the lab's SMTP server puts an accepted message. Local recipients get a copy in their
/// `~/Maildir`. A recipient outside `mydestination`, which only an authenticated client or
/// one of `mynetworks` can add, stays in Postfix's deferred queue inside the sandbox: the lab
/// has no SMTP client, so nothing is ever sent off the machine.
struct LabDelivery: MessageDelivery {
    static let deferredQueue = "/var/spool/postfix/deferred"

    let local: MaildirDelivery
    let sandbox: Sandbox
    let configuration: ConfigurationBox

    func deliver(_ delivery: Delivery) throws {
        let settings = configuration.value
        let remote = delivery.recipients.filter { settings.maildirPath(forRecipient: $0) == nil }
        let localRecipients = delivery.recipients.filter { !remote.contains($0) }
        if !localRecipients.isEmpty {
            var copy = delivery
            copy.recipients = localRecipients
            try local.deliver(copy)
        }
        guard !remote.isEmpty else { return }

        try sandbox.createDirectory(Self.deferredQueue, mode: 0o700, intermediates: true)
        try sandbox.writeFile(
            "\(Self.deferredQueue)/\(delivery.queueID)", contents: delivery.message, mode: 0o600)
        let log = MailLog(sandbox: sandbox)
        for recipient in remote {
            let domain = recipient.split(separator: "@").last.map(String.init) ?? recipient
            // The line Postfix's smtp client logs on a host without a route to the outside.
            try? log.append(
                program: "postfix/smtp", pid: Int(getpid()),
                message: "\(delivery.queueID): to=<\(recipient)>, relay=none, delay=0, "
                    + "status=deferred (connect to \(domain): Network is unreachable)")
        }
    }
}
