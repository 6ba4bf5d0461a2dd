import Testing

@testable import LabSystem

@Suite("CyrusSASLConfig")
struct CyrusSASLConfigTests {
    @Test("lesson file reads as Cyrus SASL reads it")
    func lessonFile() throws {
        let text = """
            # SASL settings of Postfix's smtpd
            pwcheck_method: auxprop
            auxprop_plugin: sasldb
              mech_list: PLAIN LOGIN cram-md5 DIGEST-MD5\u{20}\u{20}

            """
        let config = try CyrusSASLConfig(bytes: bytes(text))
        #expect(config.fileExists)
        #expect(config.pwcheckMethod == "auxprop")
        #expect(config.auxpropPlugin == "sasldb")
        #expect(config.mechanismList == ["PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5"])
        #expect(config.allowsMechanism("cram-md5"))
        #expect(!config.allowsMechanism("CRAM-SHA1"))
    }

    @Test("keys are case-insensitive and the first one counts")
    func keys() throws {
        let config = try CyrusSASLConfig(
            bytes: bytes("MECH_LIST: plain login\nmech_list: cram-md5\nPwCheck_Method: saslauthd\n")
        )
        #expect(config.mechanismList == ["PLAIN", "LOGIN"])
        #expect(config.pwcheckMethod == "saslauthd")
        #expect(config.value(of: "Mech_List") == "plain login")
    }

    @Test("absent file means the defaults")
    func defaults() {
        let config = CyrusSASLConfig()
        #expect(!config.fileExists)
        #expect(config.pwcheckMethod == "auxprop")
        #expect(config.auxpropPlugin == nil)
        #expect(config.mechanismList == nil)
        #expect(config.allowsMechanism("DIGEST-MD5"))
        #expect(config.sasldbPath == "/etc/sasldb2")
        #expect(CyrusSASLConfig.path(forApplication: "smtpd") == "/usr/local/lib/sasl2/smtpd.conf")
    }

    @Test(
        "malformed lines are configuration errors",
        arguments: [
            (
                "pwcheck_method auxprop\n",
                CyrusSASLConfigError.missingColon(line: 1, text: "pwcheck_method auxprop")
            ),
            (
                "# ok\npwcheck_method : auxprop\n",
                CyrusSASLConfigError.missingColon(line: 2, text: "pwcheck_method : auxprop")
            ),
            ("mech_list:   \n", CyrusSASLConfigError.missingValue(line: 1, key: "mech_list")),
            (
                "mech.list: plain\n",
                CyrusSASLConfigError.missingColon(line: 1, text: "mech.list: plain")
            ),
        ])
    func errors(text: String, expected: CyrusSASLConfigError) {
        #expect(throws: expected) { try CyrusSASLConfig(bytes: bytes(text)) }
    }

    @Test("commas separate mechanisms too, duplicates drop")
    func commas() throws {
        let config = try CyrusSASLConfig(bytes: bytes("mech_list: plain,login plain\n"))
        #expect(config.mechanismList == ["PLAIN", "LOGIN"])
    }
}
