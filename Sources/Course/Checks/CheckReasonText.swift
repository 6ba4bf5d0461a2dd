import MailProtocol

/// The learner's words for a check's finding, in Japanese and English.
public enum CheckReasonText {
    public static func reason(for finding: CheckFinding, check: CheckDefinition) -> LocalizedText {
        let command = authCommand(kind: check.kind)
        switch finding {
        case .ehloAdvertisedAuth(let mechanisms):
            let list = mechanisms.joined(separator: " ")
            return LocalizedText(
                ja: "EHLO の応答に AUTH \(list) が載りました。",
                en: "The EHLO reply advertised AUTH \(list).")
        case .authSucceededByHand(let mechanism, let user, let shell):
            return LocalizedText(
                ja: "Shell-\(shell.rawValue) の telnet で手で打った \(command) \(mechanism) が"
                    + "ユーザ \(user) で成功しました。",
                en: "\(command) \(mechanism) for the user \(user) succeeded, typed by hand in "
                    + "Shell-\(shell.rawValue)'s telnet.")
        case .notSeenYet:
            return notSeenYet(check: check, command: command)
        case .ehloWithoutAuth:
            return LocalizedText(
                ja: "EHLO の応答に AUTH の行がありません。SASL が無効です。main.cf に "
                    + "smtpd_sasl_auth_enable = yes を書き、Postfix の設定を再読み込みしてください。",
                en: "The EHLO reply has no AUTH line, so SASL is off. Set "
                    + "smtpd_sasl_auth_enable = yes in main.cf and reload Postfix.")
        case .mechanismNotOffered(let mechanism, let offered):
            let list = offered.joined(separator: " ")
            return LocalizedText(
                ja: "サーバは AUTH \(list) を提示していますが \(mechanism) はありません。smtpd.conf の "
                    + "mech_list に加え、Postfix の設定を再読み込みしてください。",
                en: "The server offers AUTH \(list) but not \(mechanism). Add it to mech_list in "
                    + "smtpd.conf and reload Postfix.")
        case .authFailed(let mechanism, let reason):
            return AuthFailureText.text(reason, mechanism: mechanism, command: command)
        case .succeededByToolOnly(let mechanism):
            return LocalizedText(
                ja: "\(command) \(mechanism) は成功しましたが、ツール (swaks など) によるもので、手で打った"
                    + "ものではありません。Shell-A の telnet で自分で打ってください。",
                en: "\(command) \(mechanism) succeeded, but from a tool such as swaks, not typed "
                    + "by hand. Type it yourself in Shell-A's telnet.")
        case .unknownKind(let kind):
            return LocalizedText(
                ja: "このチェックの kind \"\(kind)\" はこの maillab では評価できません。"
                    + "maillab lessons validate で確かめてください。",
                en: "This check's kind \"\(kind)\" is unknown to this maillab. "
                    + "Run maillab lessons validate.")
        case .tls(let finding):
            return TLSReasonText.reason(for: finding, check: check)
        case .missingParameter(let name):
            return LocalizedText(
                ja: "このチェックには parameters.\(name) がありません。"
                    + "maillab lessons validate で確かめてください。",
                en: "This check lacks parameters.\(name). Run maillab lessons validate.")
        }
    }

    private static func notSeenYet(check: CheckDefinition, command: String) -> LocalizedText {
        if let kind = TLSCheckKind(rawValue: check.kind) {
            return TLSReasonText.notSeenYet(kind: kind, check: check)
        }
        guard let kind = CheckKind(rawValue: check.kind), kind != .smtpEHLOAuth else {
            return LocalizedText(
                ja: "まだ EHLO の応答がありません。telnet localhost 25 で接続し、EHLO localhost "
                    + "と打ってください。",
                en: "No EHLO reply seen yet. Connect with telnet localhost 25 and type "
                    + "EHLO localhost.")
        }
        let mechanism = check.parameters["mechanism"] ?? ""
        let port: Int
        switch kind {
        case .imapAuthByHand: port = 143
        case .pop3AuthByHand: port = 110
        case .smtpAuthByHand, .smtpEHLOAuth: port = 25
        }
        return LocalizedText(
            ja: "まだ \(command) \(mechanism) がありません。Shell-A で telnet localhost \(port) "
                + "と打って接続し、手で試してください。",
            en: "No \(command) \(mechanism) seen yet. Connect with telnet localhost \(port) in "
                + "Shell-A and try it by hand.")
    }

    /// The protocol's command word: IMAP calls it AUTHENTICATE.
    private static func authCommand(kind: String) -> String {
        CheckKind(rawValue: kind) == .imapAuthByHand ? "AUTHENTICATE" : "AUTH"
    }
}

/// The learner's words for why an authentication failed.
enum AuthFailureText {
    static func text(
        _ reason: AuthFailureReason, mechanism: String, command: String
    ) -> LocalizedText {
        let attempt = "\(command) \(mechanism)"
        let isPLAIN = mechanism == "PLAIN"
        switch reason {
        case .unknownUser:
            return LocalizedText(
                ja: "\(attempt) が失敗しました。そのユーザは登録されていません (レルムも確かめてください)。"
                    + "saslpasswd2 -c -u `postconf -h myhostname` で登録した名前と比べてください。",
                en: "\(attempt) failed because the user does not exist (in this realm). Compare "
                    + "the name with the one you registered with "
                    + "saslpasswd2 -c -u `postconf -h myhostname`.")
        case .wrongPassword:
            return isPLAIN
                ? LocalizedText(
                    ja: "\(attempt) が失敗しました。ユーザは存在しますがパスワードが違います。"
                        + "mmencode -u で文字列をデコードし、登録したパスワードと比べてください。",
                    en: "\(attempt) failed: the user exists but the password is wrong. Decode "
                        + "your string with mmencode -u and compare the password.")
                : LocalizedText(
                    ja: "\(attempt) が失敗しました。レスポンスが合いません。登録したパスワードで、"
                        + "最新のチャレンジから新しいレスポンスを作ってください。",
                    en: "\(attempt) failed: the response does not match. Make a new response "
                        + "from the latest challenge with the registered password.")
        case .invalidBase64:
            return LocalizedText(
                ja: "\(attempt) が失敗しました。送った文字列は base64 として正しくありません。"
                    + "出力された文字列を空白や改行を入れずにすべて写してください。",
                en: "\(attempt) failed: the text you sent is not valid base64. Copy the whole "
                    + "string, without spaces or line breaks.")
        case .malformedPLAIN(let fieldCount, let controlBytes):
            return malformedPLAIN(attempt: attempt, fieldCount: fieldCount, bytes: controlBytes)
        case .mechanismUnavailable:
            return LocalizedText(
                ja: "\(attempt) が失敗しました。サーバはこの認証方式を提示していません。"
                    + "smtpd.conf の mech_list を確かめ、Postfix の設定を再読み込みしてください。",
                en: "\(attempt) failed: the server does not offer this mechanism. Check mech_list "
                    + "in smtpd.conf and reload Postfix.")
        case .aborted:
            return LocalizedText(
                ja: "\(attempt) は * で中止されました。もう一度試してください。",
                en: "\(attempt) was cancelled with *. Try again.")
        case .backendCannotVerify:
            return LocalizedText(
                ja: "\(attempt) が失敗しました。パスワード照合方式がこの認証方式を検証できません "
                    + "(saslauthd と pwcheck が検証できるのは PLAIN と LOGIN だけです)。"
                    + "auxprop と sasldb を使うか、mech_list を絞ってください。",
                en: "\(attempt) failed: the password verification back end cannot check this "
                    + "mechanism (saslauthd and pwcheck verify only PLAIN and LOGIN). Use auxprop "
                    + "with sasldb, or limit mech_list.")
        case .wrongRealm(let realm):
            return LocalizedText(
                ja: "\(attempt) が失敗しました。ユーザはレルム \(realm) に属していて、"
                    + "smtpd_sasl_local_domain のレルムではありません。",
                en: "\(attempt) failed: the user belongs to the realm \(realm), not to the realm "
                    + "of smtpd_sasl_local_domain.")
        case .other(let detail):
            return LocalizedText(
                ja: "\(attempt) が失敗しました (\(detail))。",
                en: "\(attempt) failed (\(detail)).")
        }
    }

    private static func malformedPLAIN(
        attempt: String, fieldCount: Int, bytes: [UInt8]
    ) -> LocalizedText {
        var ja =
            "\(attempt) が失敗しました。PLAIN の文字列は NUL で区切った三つの部分 (認可 ID、"
            + "認証 ID、パスワード) でできていますが、デコードすると \(fieldCount) 個でした。"
        var en =
            "\(attempt) failed: a PLAIN string holds three parts separated by NUL (authzid, "
            + "authcid, password), and yours decodes to \(fieldCount)."
        if !bytes.isEmpty {
            let list = bytes.map { "0x" + hex($0) }.joined(separator: ", ")
            ja +=
                " 文字列に \(list) というバイトが入っています。printf の \\0 の直後に数字があると、"
                + "その数字が 8 進エスケープに取り込まれてこのバイトになります。"
                + "\\0 の代わりに \\0000 と書いてください。"
            en +=
                " It contains the byte \(list). FreeBSD's printf reads the digits after a bare "
                + "\\0 as part of the octal escape, which turns them into such a byte. Write "
                + "\\0000 instead of \\0."
        } else if fieldCount < 3 {
            ja +=
                " NUL が足りません。パスワードが数字で始まるときは、\\0 がその数字をエスケープに"
                + "取り込み、NUL が別のバイトになります。\\0 の代わりに \\0000 と書いてください。"
            en +=
                " A NUL is missing. When the password starts with a digit, a bare \\0 takes "
                + "that digit into the escape and the NUL becomes another byte. Write \\0000 "
                + "instead of \\0."
        } else {
            ja += " NUL が多すぎます。printf の書式を確かめてください。"
            en += " It has a NUL too many. Check the printf format."
        }
        return LocalizedText(ja: ja, en: en)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
