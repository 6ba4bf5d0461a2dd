import Foundation
import Testing

@testable import LabSystem

/// Runs Debian's `postconf` on a `main.cf` written into a temporary configuration directory.
struct RealPostconf {
    static let path = "/usr/sbin/postconf"
    static var isInstalled: Bool { ExternalTool.isInstalled(path) }

    let folder: TemporaryFolder

    init(mainCF: String) throws {
        folder = try TemporaryFolder()
        try mainCF.write(
            to: folder.url.appendingPathComponent("main.cf"), atomically: true, encoding: .utf8)
        try "".write(
            to: folder.url.appendingPathComponent("master.cf"), atomically: true, encoding: .utf8)
    }

    /// Runs `postconf -c DIR FLAGS NAMES…` and returns its output lines, one per name.
    func values(_ names: [String], flags: [String]) throws -> [String] {
        let result = try ExternalTool.run(Self.path, ["-c", folder.url.path] + flags + names)
        #expect(result.status == 0, "postconf failed: \(result.errorOutput)")
        var lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    func status() throws -> Int32 {
        try ExternalTool.run(Self.path, ["-c", folder.url.path, "-h", "myhostname"]).status
    }
}

@Suite("PostfixMainCF")
struct PostfixMainCFTests {
    /// Inputs that exercise comments, continuation lines, trimming, the last assignment and
    /// every expansion form; each lists the parameters to compare with the real `postconf`.
    static let cases: [(String, [String])] = [
        ("myhostname = lab.example.jp\n", ["myhostname", "mydomain", "myorigin", "mydestination"]),
        (
            "myhostname = mail.example.org\nmydomain = example.com\n",
            ["myhostname", "mydomain", "mydestination", "myorigin", "smtpd_banner"]
        ),
        ("myhostname = single\n", ["mydomain", "mydestination"]),
        (
            """
            # comment
              # indented comment
            myhostname = lab.example.jp
            relayhost = x
            alias_maps = $relayhost y
            alias_database = ${relayhost}z $(relayhost)w
            smtpd_banner = $undefined_thing end
            header_checks = ${relayhost?set} ${undefinedx?set} ${relayhost:unset} ${undefinedx:unset}
            body_checks = first
            body_checks = second

            """,
            [
                "relayhost", "alias_maps", "alias_database", "smtpd_banner", "header_checks",
                "body_checks",
            ]
        ),
        (
            """
            myhostname = lab.example.jp
            mime_header_checks = one,
               two
            \tthree
            transport_maps = $$ literal
            virtual_alias_maps = $relayhost$alias_maps
            canonical_maps=nospace
             sender_canonical_maps = leading space
            recipient_canonical_maps = trailing\u{20}\u{20}\u{20}
            smtp_generic_maps = # not a comment
            smtpd_recipient_restrictions = permit_mynetworks,
                permit_sasl_authenticated,
                # comment inside a continuation
                reject_unauth_destination
            smtpd_sender_restrictions = ${myhostname}${myhostname}

            """,
            [
                "mime_header_checks", "transport_maps", "virtual_alias_maps", "canonical_maps",
                "recipient_canonical_maps", "smtp_generic_maps", "smtpd_recipient_restrictions",
                "smtpd_sender_restrictions",
            ]
        ),
        (
            """
            myhostname = lab.example.jp
            relayhost =
            alias_maps = ${relayhost?set} ${relayhost:unset}|${myhostname?{a}:{b}}|${relayhost?{a}:{b}}
            alias_database = ${myhostname?x ${mydomain} y}|$(myhostname)|${myhostname:x}
            transport_maps = $myhostname.$mydomain-$mail_name_x $mail_name
            header_checks = ${ myhostname }
            body_checks = ${myhostname?{x}:} ${myhostname?a:b} ${relayhost:a?b} ${myhostname?{a} }
            smtpd_banner = a    b\tc
              d

            """,
            [
                "relayhost", "alias_maps", "alias_database", "transport_maps", "header_checks",
                "body_checks", "smtpd_banner",
            ]
        ),
        (
            """
            myhostname = lab.example.jp
            smtpd_sasl_auth_enable = yes
            smtpd_sasl_local_domain = $myhostname
            smtpd_recipient_restrictions =
                permit_mynetworks
                permit_sasl_authenticated
                reject_unauth_destination
            smtpd_sasl_authenticated_header = yes
            broken_sasl_auth_clients = yes
            smtpd_sasl_path = smtpd
            smtpd_tls_cert_file = /usr/local/etc/postfix/postfix.crt
            smtpd_tls_loglevel = 1

            """,
            [
                "smtpd_sasl_auth_enable", "smtpd_sasl_local_domain", "smtpd_recipient_restrictions",
                "smtpd_sasl_authenticated_header", "broken_sasl_auth_clients", "smtpd_sasl_path",
                "smtpd_tls_cert_file", "smtpd_tls_key_file", "smtpd_tls_loglevel",
                "smtpd_sasl_tls_security_options", "smtpd_timeout",
            ]
        ),
    ]

    @Test(
        "values match the real postconf", .enabled(if: RealPostconf.isInstalled),
        arguments: cases.indices)
    func matchesPostconf(index: Int) throws {
        let (text, names) = Self.cases[index]
        let real = try RealPostconf(mainCF: text)
        let parsed = try PostfixMainCF(bytes: bytes(text))
        let raw = try real.values(names, flags: ["-h"])
        let expanded = try real.values(names, flags: ["-x", "-h"])
        #expect(raw.count == names.count)
        #expect(expanded.count == names.count)
        for (offset, name) in names.enumerated() where offset < raw.count && offset < expanded.count
        {
            #expect(parsed.rawValue(of: name) == raw[offset], "raw \(name)")
            #expect(parsed.value(of: name) == expanded[offset], "expanded \(name)")
        }
    }

    @Test("explicitly set lists what postconf -n lists", .enabled(if: RealPostconf.isInstalled))
    func explicitlySetMatchesPostconfN() throws {
        let text = Self.cases[6].0
        let real = try RealPostconf(mainCF: text)
        let listed = try real.values([], flags: ["-n"])
            .map { String($0.prefix(while: { $0 != " " })) }
            .filter { $0 != "config_directory" }
        let parsed = try PostfixMainCF(bytes: bytes(text))
        #expect(parsed.explicitlySet == listed)
    }

    @Test("defaults match the real postconf -d", .enabled(if: RealPostconf.isInstalled))
    func defaultsMatchPostconf() throws {
        let names = PostfixDefaults.postfix.keys.sorted()
        let real = try RealPostconf(mainCF: "myhostname = lab.example.jp\n")
        let printed = try real.values(names, flags: ["-d", "-h"])
        let parsed = try PostfixMainCF(bytes: bytes("myhostname = lab.example.jp\n"))
        #expect(printed.count == names.count)
        for (offset, name) in names.enumerated() where offset < printed.count {
            #expect(parsed.rawValue(of: name) == printed[offset], "default \(name)")
            #expect(parsed.defaultValue(of: name) == printed[offset], "default \(name)")
        }
    }

    @Test("the lab's main.cf reads as postconf reads it", .enabled(if: RealPostconf.isInstalled))
    func assetMainCF() throws {
        let asset = try #require(LabSetup.defaultAssetsDirectory())
            .appendingPathComponent("tree/usr/local/etc/postfix/main.cf")
        let text = try String(contentsOf: asset, encoding: .utf8)
        let parsed = try PostfixMainCF(bytes: bytes(text))
        let real = try RealPostconf(mainCF: text)
        let names = parsed.explicitlySet
        let printed = try real.values(names, flags: ["-h"])
        #expect(printed.count == names.count)
        for (offset, name) in names.enumerated() where offset < printed.count {
            #expect(parsed.rawValue(of: name) == printed[offset], "main.cf \(name)")
        }
        #expect(parsed.value(of: "myhostname") == "lab.example.jp")
        #expect(parsed.value(of: "smtpd_sasl_auth_enable") == "no")
        #expect(parsed.value(of: "smtpd_banner") == "lab.example.jp ESMTP Postfix")
        #expect(parsed.value(of: "mynetworks") == "127.0.0.0/8 [::1]/128")
        #expect(parsed.value(of: "message_size_limit") == "10240000")
        #expect(parsed.unusedParameters.isEmpty)
    }

    @Test(
        "fatal errors where postconf stops",
        .enabled(if: RealPostconf.isInstalled),
        arguments: [
            ("myhostname = a\nnoequals\n", MainCFError.missingEquals(line: 2, text: "noequals")),
            ("=novalue\n", MainCFError.missingName(line: 1, text: "=novalue")),
        ])
    func fatalErrors(text: String, expected: MainCFError) throws {
        #expect(throws: expected) { try PostfixMainCF(bytes: bytes(text)) }
        #expect(try RealPostconf(mainCF: text).status() != 0)
    }

    @Test(
        "expansion errors",
        arguments: [
            ("relayhost = $", MainCFError.emptyMacroName(text: "$")),
            ("relayhost = ${}", MainCFError.emptyMacroName(text: "${}")),
            ("relayhost = ${myhostname", MainCFError.truncatedMacro(text: "${myhostname")),
            ("relayhost = ${myhostname b}", MainCFError.invalidMacro(text: "${myhostname b}")),
            (
                "relayhost = ${myhostname?{x} y}",
                MainCFError.invalidMacro(text: "${myhostname?{x} y}")
            ),
            ("relayhost = $relayhost", MainCFError.nestingTooDeep(name: "relayhost")),
        ])
    func expansionErrors(text: String, expected: MainCFError) throws {
        let parsed = try PostfixMainCF(bytes: bytes(text + "\n"))
        #expect(throws: expected) { try parsed.expandedValue(of: "relayhost") }
        #expect(parsed.value(of: "relayhost") == nil)
        #expect(parsed.rawValue(of: "relayhost") != nil)
    }

    @Test("indented first line is skipped with a warning")
    func indentedFirstLine() throws {
        let parsed = try PostfixMainCF(bytes: bytes("  relayhost = x\nmyhostname = h.example\n"))
        #expect(parsed.explicitlySet == ["myhostname"])
        #expect(
            parsed.warnings == [.logicalLineStartsWithWhitespace(line: 1, text: "  relayhost = x")])
    }

    @Test("misspelt names are unused, referenced ones are not")
    func unusedParameters() throws {
        let text =
            "smtpd_sasl_auth_enabled = yes\nmy_domain_list = a\nrelay_domains = $my_domain_list\n"
        let parsed = try PostfixMainCF(bytes: bytes(text))
        #expect(parsed.unusedParameters == ["smtpd_sasl_auth_enabled"])
        #expect(parsed.isKnown("my_domain_list"))
        #expect(!parsed.isKnown("no_such_parameter"))
        #expect(parsed.value(of: "no_such_parameter") == nil)
        #expect(parsed.line(of: "relay_domains") == 3)
    }

    @Test("lab defaults follow the FreeBSD port")
    func labDefaults() {
        let parsed = PostfixMainCF()
        #expect(parsed.value(of: "myhostname") == "lab.example.jp")
        #expect(parsed.value(of: "mydomain") == "example.jp")
        #expect(
            parsed.value(of: "mydestination") == "lab.example.jp, localhost.example.jp, localhost")
        #expect(parsed.value(of: "command_directory") == "/usr/local/sbin")
        #expect(parsed.value(of: "config_directory") == "/usr/local/etc/postfix")
        #expect(parsed.value(of: "smtpd_sasl_path") == "smtpd")
        #expect(
            parsed.value(of: "smtpd_recipient_restrictions")
                == "permit_mynetworks, reject_unauth_destination")
    }

    @Test("random bytes never crash the parser")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab_=$${}()?: \t\n#x".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<60, using: &generator)
            let input = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            guard let parsed = try? PostfixMainCF(bytes: input) else { continue }
            for name in parsed.explicitlySet {
                _ = parsed.value(of: name)
            }
        }
    }
}
