/// What a configuration check found: a setting of `main.cf` or of the SASL application file, a
/// SASL account, a command run in order, a report answer, a reload or an installed port.
public enum ConfigurationFinding: Equatable, Sendable, Codable {
    /// How a name in `main.cf` missed the parameter the check needs.
    public enum NearMiss: String, Equatable, Sendable, Codable {
        /// The `smtp_` client parameter was set in place of the `smtpd_` server one.
        case clientParameter
        /// A name a few letters away that Postfix does not know.
        case misspelt
    }

    /// `main.cf` sets `name` to the expected value, `value` as Postfix reads it.
    case mainCFValueMatches(name: String, value: String)
    /// `name` has another value; `value` is what Postfix reads (its default when the file
    /// does not set it), and `isSet` tells whether the file sets it.
    case mainCFValueDiffers(name: String, expected: String, value: String?, isSet: Bool)
    /// `name` is not set as expected, and the file sets `typedName` instead.
    case mainCFNearMiss(name: String, expected: String, typedName: String, kind: NearMiss)
    /// Postfix would refuse `main.cf` with this error.
    case mainCFRefused(problem: String)
    /// The SASL application file at `path` sets `option` to the expected value.
    case saslOptionMatches(option: String, value: String, path: String)
    /// The file sets `option` to `value`, or does not set it (`value` nil).
    case saslOptionDiffers(option: String, expected: String, value: String?, path: String)
    /// The SASL application file is absent.
    case saslFileMissing(path: String)
    /// Cyrus SASL rejects the file.
    case saslFileRejected(path: String, problem: String)
    /// The sasldb has these users in `realm`.
    case usersInRealm(users: [String], realm: String)
    /// No user in `realm`; `elsewhere` lists the accounts of other realms as `user@realm`.
    case noUserInRealm(realm: String, elsewhere: [String])
    /// `command` ran after `after`.
    case commandRanAfter(command: String, after: String)
    /// `command` has not run successfully after `after`; `afterSeen` tells whether `after` ran.
    case commandNotRanAfter(command: String, after: String, afterSeen: Bool)
    /// The report answers the question.
    case reportAnswered(questionID: String)
    case reportNotAnswered(questionID: String, keywords: [String])
    /// The SMTP server started or reloaded after the last change of its files.
    case serverUsesFiles
    /// `path` changed after the SMTP server's last start or reload.
    case serverRunsOldFiles(path: String)
    /// No configuration file of the SMTP server has changed in this lab yet.
    case configurationUnchanged
    /// The port is installed, as the package `package` or by an install event.
    case portInstalled(name: String)
    case portNotInstalled(name: String)
    /// The port is installed, but its options file does not turn `option` on.
    case portOptionOff(name: String, option: String)
}
