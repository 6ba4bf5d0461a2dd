/// Whether the SMTP server could load its TLS key and certificate.
public enum SMTPTLSAvailability: Equatable, Sendable {
    /// No key or certificate is configured: STARTTLS is neither offered nor accepted.
    case off
    /// The key and certificate loaded.
    case available
    /// They are configured but failed to load. Postfix still offers STARTTLS, answers it with
    /// 454, and logs `warning` (for example `cannot get RSA private key from file …: disabling
    /// TLS support`) when the connection starts.
    case broken(warning: String)
}

/// Postfix's `smtpd_tls_security_level`.
public enum SMTPTLSSecurityLevel: String, Equatable, Sendable {
    /// No TLS.
    case none
    /// STARTTLS is offered and optional.
    case may
    /// Mail commands need TLS first.
    case encrypt
}

/// The Postfix `main.cf` parameters the SMTP session obeys, with Postfix's defaults.
public struct SMTPSettings: Equatable, Sendable {
    public var myhostname: String
    /// The greeting text after `220 `; `nil` means `$myhostname ESMTP $mail_name`.
    public var smtpdBanner: String?
    public var smtpdSASLAuthEnable: Bool
    /// Repeats the AUTH line as `AUTH=…` for old Microsoft clients.
    public var brokenSASLAuthClients: Bool
    /// The SASL realm of user names without one; empty means the host name.
    public var smtpdSASLLocalDomain: String
    /// Names the authenticated user in the Received header.
    public var smtpdSASLAuthenticatedHeader: Bool
    /// Restriction names in order, such as `permit_mynetworks`.
    public var smtpdRecipientRestrictions: [String]
    /// CIDR blocks, such as `127.0.0.0/8` or `[::1]/128`.
    public var mynetworks: [String]
    /// The domains delivered locally.
    public var mydestination: [String]
    public var smtpdHELORequired: Bool
    /// Bytes; 0 means no limit.
    public var messageSizeLimit: Int
    /// Bytes in one command line.
    public var lineLengthLimit: Int
    /// Seconds of client silence before the session ends.
    public var smtpdTimeout: Double
    public var smtpdHardErrorLimit: Int
    /// From this many errors on, every reply waits `smtpdErrorSleepTime` seconds.
    public var smtpdSoftErrorLimit: Int
    public var smtpdErrorSleepTime: Double
    /// NOOP, VRFY, ETRN and RSET commands allowed before each one counts as an error.
    public var smtpdJunkCommandLimit: Int
    public var smtpdRecipientLimit: Int
    /// Bytes in one line of an AUTH exchange.
    public var smtpdSASLResponseLimit: Int
    public var tls: SMTPTLSAvailability
    public var smtpdTLSSecurityLevel: SMTPTLSSecurityLevel
    public var smtpdTLSAuthOnly: Bool
    public var smtpdTLSReceivedHeader: Bool
    /// 1 or more logs each established TLS connection.
    public var smtpdTLSLogLevel: Int

    public init(
        myhostname: String, smtpdBanner: String? = nil, smtpdSASLAuthEnable: Bool = false,
        brokenSASLAuthClients: Bool = false, smtpdSASLLocalDomain: String = "",
        smtpdSASLAuthenticatedHeader: Bool = false,
        smtpdRecipientRestrictions: [String] = ["permit_mynetworks", "reject_unauth_destination"],
        mynetworks: [String] = ["127.0.0.0/8", "[::1]/128"], mydestination: [String]? = nil,
        smtpdHELORequired: Bool = false, messageSizeLimit: Int = 10_240_000,
        lineLengthLimit: Int = 2048, smtpdTimeout: Double = 300, smtpdHardErrorLimit: Int = 20,
        smtpdSoftErrorLimit: Int = 10, smtpdErrorSleepTime: Double = 1,
        smtpdJunkCommandLimit: Int = 100, smtpdRecipientLimit: Int = 1000,
        smtpdSASLResponseLimit: Int = 12288, tls: SMTPTLSAvailability = .off,
        smtpdTLSSecurityLevel: SMTPTLSSecurityLevel = .none, smtpdTLSAuthOnly: Bool = false,
        smtpdTLSReceivedHeader: Bool = false, smtpdTLSLogLevel: Int = 0
    ) {
        self.myhostname = myhostname
        self.smtpdBanner = smtpdBanner
        self.smtpdSASLAuthEnable = smtpdSASLAuthEnable
        self.brokenSASLAuthClients = brokenSASLAuthClients
        self.smtpdSASLLocalDomain = smtpdSASLLocalDomain
        self.smtpdSASLAuthenticatedHeader = smtpdSASLAuthenticatedHeader
        self.smtpdRecipientRestrictions = smtpdRecipientRestrictions
        self.mynetworks = mynetworks
        // Postfix's default is `$myhostname, localhost.$mydomain, localhost`.
        self.mydestination = mydestination ?? [myhostname, "localhost"]
        self.smtpdHELORequired = smtpdHELORequired
        self.messageSizeLimit = messageSizeLimit
        self.lineLengthLimit = lineLengthLimit
        self.smtpdTimeout = smtpdTimeout
        self.smtpdHardErrorLimit = smtpdHardErrorLimit
        self.smtpdSoftErrorLimit = smtpdSoftErrorLimit
        self.smtpdErrorSleepTime = smtpdErrorSleepTime
        self.smtpdJunkCommandLimit = smtpdJunkCommandLimit
        self.smtpdRecipientLimit = smtpdRecipientLimit
        self.smtpdSASLResponseLimit = smtpdSASLResponseLimit
        self.tls = tls
        self.smtpdTLSSecurityLevel = smtpdTLSSecurityLevel
        self.smtpdTLSAuthOnly = smtpdTLSAuthOnly
        self.smtpdTLSReceivedHeader = smtpdTLSReceivedHeader
        self.smtpdTLSLogLevel = smtpdTLSLogLevel
    }

    /// The greeting text: `smtpd_banner`, or `<myhostname> ESMTP Postfix`.
    public var bannerText: String { smtpdBanner ?? "\(myhostname) ESMTP Postfix" }

    /// Whether EHLO lists STARTTLS and the command is accepted before TLS.
    var offersSTARTTLS: Bool {
        smtpdTLSSecurityLevel != .none && tls != .off
    }
}
