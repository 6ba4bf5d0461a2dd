import LabSystem

/// Lays the sandbox as the lesson's Part 1 leaves it: Postfix with SMTP AUTH on and Cyrus SASL
/// reading sasldb, so that a fresh lab starts at Part 2 with no user registered yet.
///
/// TODO: teach Part 1 in the lesson and lay the pre-Part-1 tree instead, offering this
/// preparation only to a learner who opens a later part first.
enum LabPreparation {
    static let mainCFAdditions = """

        # SMTP AUTH through Cyrus SASL, as Part 1 of the lesson configures it.
        smtpd_sasl_auth_enable = yes
        smtpd_recipient_restrictions =
            permit_mynetworks,
            permit_sasl_authenticated,
            reject_unauth_destination
        smtpd_sasl_authenticated_header = yes
        broken_sasl_auth_clients = yes
        smtpd_sasl_path = smtpd
        smtpd_sasl_local_domain = $myhostname

        """

    static let smtpdConf = """
        pwcheck_method: auxprop
        auxprop_plugin: sasldb
        mech_list: PLAIN LOGIN CRAM-MD5 DIGEST-MD5

        """

    /// The ports Part 1 installs and Part 2 uses, with the options chosen on their screens.
    static let part1Ports: [(name: String, options: [String: Bool])] = [
        ("mmencode", [:]), ("courier-authlib", ["AUTH_USERDB": true]),
    ]

    static func applyPart1(to sandbox: Sandbox, catalog: PortsCatalog?) throws(SandboxError) {
        if let catalog {
            let database = PortsDatabase(sandbox: sandbox)
            for (name, options) in part1Ports {
                guard let port = catalog.port(named: name), !database.isInstalled(port) else {
                    continue
                }
                try database.install(port, options: options, catalog: catalog)
            }
        }
        try sandbox.appendFile(
            PostfixRuntimeConfiguration.mainCFPath, contents: Array(mainCFAdditions.utf8))
        try sandbox.writeFile(
            CyrusSASLConfig.path(forApplication: "smtpd"), contents: Array(smtpdConf.utf8))
    }
}
