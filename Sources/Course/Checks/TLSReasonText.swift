import MailProtocol

/// The learner's words for the findings of the TLS and swaks checks, in Japanese and English.
enum TLSReasonText {
    static func reason(for finding: TLSFinding, check: CheckDefinition) -> LocalizedText {
        switch finding {
        case .keyCertificateValid(let bits):
            return LocalizedText(
                ja: "秘密鍵 (\(bits) ビット) と証明書は正しく、互いに対応しています。",
                en: "The private key (\(bits) bits) and the certificate are valid and belong "
                    + "together.")
        case .keyMissing(let path):
            return LocalizedText(
                ja: "秘密鍵 \(path) がまだありません。openssl genrsa -out \(path) 2048 で作ってください。",
                en: "The private key \(path) does not exist yet. Make it with "
                    + "openssl genrsa -out \(path) 2048.")
        case .keyInvalid(let path):
            return LocalizedText(
                ja: "\(path) は PEM 形式の秘密鍵として読めません。openssl genrsa で作り直してください。",
                en: "\(path) is not a valid PEM private key. Make it again with openssl genrsa.")
        case .keyTooShort(let path, let bits):
            return LocalizedText(
                ja: "秘密鍵 \(path) は \(bits) ビットです。OpenSSL 3 は既定のセキュリティレベルで "
                    + "2048 ビット未満の RSA 鍵を拒否するので、Postfix は TLS を使えません。"
                    + "openssl genrsa -out \(path) 2048 で作り直し、証明書も作り直してください。",
                en: "The private key \(path) has \(bits) bits. OpenSSL 3 rejects RSA keys under "
                    + "2048 bits at its default security level, so Postfix cannot use it for "
                    + "TLS. Make it again with openssl genrsa -out \(path) 2048, then the "
                    + "certificate too.")
        case .certificateMissing(let path):
            return LocalizedText(
                ja: "証明書 \(path) がまだありません。openssl req -new -x509 -days 365 で作ってください。",
                en: "The certificate \(path) does not exist yet. Make it with "
                    + "openssl req -new -x509 -days 365.")
        case .certificateInvalid(let path):
            return LocalizedText(
                ja: "\(path) は PEM 形式の証明書として読めません。openssl req で作り直してください。",
                en: "\(path) is not a valid PEM certificate. Make it again with openssl req.")
        case .certificateExpired(let path):
            return LocalizedText(
                ja: "証明書 \(path) は有効期限が切れています。openssl req -days 365 で作り直してください。",
                en: "The certificate \(path) has expired. Make it again with openssl req "
                    + "-days 365.")
        case .keyCertificateMismatch:
            return LocalizedText(
                ja: "証明書の公開鍵が秘密鍵と対応していません。鍵を作り直した後は、その鍵で "
                    + "openssl req -key を実行して証明書も作り直してください。",
                en: "The certificate's public key does not belong to the private key. After "
                    + "making a new key, make the certificate again with openssl req -key and "
                    + "that key.")
        case .modesCorrect(let mode):
            return LocalizedText(
                ja: "ファイルの許可属性はすべて \(mode) です。",
                en: "Every file has the mode \(mode).")
        case .modesWrong(let expected, let files):
            let list = files.keys.sorted().map { "\($0) (\(files[$0]!.map { $0 } ?? "-"))" }
                .joined(separator: ", ")
            return LocalizedText(
                ja: "許可属性が \(expected) でないファイルがあります: \(list)。"
                    + "chmod \(expected) で所有者だけが読めるようにしてください。",
                en: "These files do not have the mode \(expected): \(list). Run chmod "
                    + "\(expected) so that only the owner can read them.")
        case .mainCFValuesSet:
            return LocalizedText(
                ja: "main.cf に TLS の設定がすべて書かれています。",
                en: "main.cf sets every TLS parameter.")
        case .mainCFValuesWrong(let values, let expected):
            let list = values.keys.sorted().map { name in
                "\(name) = \(expected[name] ?? "") (\(values[name]!.map { "\"\($0)\"" } ?? "-"))"
            }.joined(separator: "; ")
            return LocalizedText(
                ja: "main.cf の次の設定が違うか、ありません: \(list)。"
                    + "smtpd_ (サーバ) と smtp_ (クライアント) の違いにも注意してください。",
                en: "These main.cf parameters are wrong or missing: \(list). Mind the "
                    + "difference between smtpd_ (server) and smtp_ (client).")
        case .restarted:
            return LocalizedText(
                ja: "main.cf を変更した後に Postfix を再起動し、maillog に TLS の警告はありません。",
                en: "Postfix restarted after main.cf changed, and maillog has no TLS warning.")
        case .notRestartedSinceChange:
            return LocalizedText(
                ja: "main.cf を変更した後、Postfix を再起動していません。"
                    + "/usr/local/etc/rc.d/postfix stop と start を実行してください。",
                en: "Postfix has not restarted since main.cf changed. Run "
                    + "/usr/local/etc/rc.d/postfix stop and then start.")
        case .tlsWarningsLogged(let lines):
            return LocalizedText(
                ja: "再起動後の /var/log/maillog に TLS の警告があります: "
                    + lines.joined(separator: " / ")
                    + "。鍵と証明書のパス、対応、読み取り権限を確かめ、もう一度再起動してください。",
                en: "/var/log/maillog has TLS warnings since the restart: "
                    + lines.joined(separator: " / ")
                    + ". Check the paths of the key and certificate, that they match and that "
                    + "they are readable, then restart again.")
        case .ehloOfferedSTARTTLS:
            return LocalizedText(
                ja: "EHLO の応答に 250-STARTTLS が載りました。",
                en: "The EHLO reply listed 250-STARTTLS.")
        case .ehloWithoutSTARTTLS:
            return LocalizedText(
                ja: "EHLO の応答に STARTTLS がありません。smtpd_tls_security_level = may と "
                    + "鍵と証明書の設定を確かめ、Postfix を再起動してください。",
                en: "The EHLO reply has no STARTTLS. Check smtpd_tls_security_level = may and "
                    + "the key and certificate settings, then restart Postfix.")
        case .startTLSSucceededByHand(let shell):
            return LocalizedText(
                ja: "Shell-\(shell.rawValue) で手で打った STARTTLS に 220 2.0.0 Ready to start TLS "
                    + "が返りました。",
                en: "STARTTLS typed by hand in Shell-\(shell.rawValue) got 220 2.0.0 Ready to "
                    + "start TLS.")
        case .startTLSRefused(let reply):
            return LocalizedText(
                ja: "手で打った STARTTLS に \(reply) が返りました。454 なら鍵か証明書に問題があります "
                    + "(/var/log/maillog を見てください)。",
                en: "STARTTLS typed by hand got \(reply). A 454 means a problem with the key or "
                    + "the certificate (see /var/log/maillog).")
        case .startTLSByToolOnly:
            return LocalizedText(
                ja: "STARTTLS はツールからしか成功していません。telnet localhost 25 で自分で打ってください。",
                en: "STARTTLS succeeded only from a tool. Type it yourself in "
                    + "telnet localhost 25.")
        case .authSucceededByTool(let mechanism, let user):
            return LocalizedText(
                ja: "swaks などのツールによる AUTH \(mechanism) がユーザ \(user) で成功しました。",
                en: "AUTH \(mechanism) by a tool such as swaks succeeded for the user \(user).")
        case .authByHandOnly(let mechanism):
            return LocalizedText(
                ja: "AUTH \(mechanism) は手で打ったものしかありません。swaks --auth \(mechanism) "
                    + "--server localhost --quit RCPT を実行してください。",
                en: "AUTH \(mechanism) succeeded only typed by hand. Run swaks --auth "
                    + "\(mechanism) --server localhost --quit RCPT.")
        case .authFailedByTool(let mechanism, let reason):
            return AuthFailureText.text(reason, mechanism: mechanism, command: "AUTH")
        case .messageDelivered(let recipients, let overTLS):
            let list = recipients.joined(separator: ", ")
            return overTLS
                ? LocalizedText(
                    ja: "TLS を通して \(list) 宛のメールが Maildir/new に届きました。",
                    en: "A message for \(list) arrived in Maildir/new over TLS.")
                : LocalizedText(
                    ja: "\(list) 宛のメールが Maildir/new に届きました。",
                    en: "A message for \(list) arrived in Maildir/new.")
        case .deliveredWithoutTLS:
            return LocalizedText(
                ja: "メールは届きましたが TLS を使っていません。swaks -tls --server localhost で送ってください。",
                en: "A message arrived, but not over TLS. Send one with swaks -tls "
                    + "--server localhost.")
        case .startTLSThenAuthSucceeded(let mechanism):
            return LocalizedText(
                ja: "一つのセッションで STARTTLS の後に AUTH \(mechanism) が成功しました。",
                en: "One session ran STARTTLS and then AUTH \(mechanism) successfully.")
        case .authWithoutTLS(let mechanism):
            return LocalizedText(
                ja: "AUTH \(mechanism) は TLS の外 (平文) で行われました。swaks --auth -tls "
                    + "--server localhost --quit RCPT を実行してください。",
                en: "AUTH \(mechanism) ran outside TLS, in plaintext. Run swaks --auth -tls "
                    + "--server localhost --quit RCPT.")
        case .tlsWithoutAuth:
            return LocalizedText(
                ja: "TLS は始まりましたが、その中で AUTH が成功していません。swaks に --auth を付けてください。",
                en: "TLS started, but no AUTH succeeded inside it. Add --auth to swaks.")
        }
    }

    static func notSeenYet(kind: TLSCheckKind, check: CheckDefinition) -> LocalizedText {
        switch kind {
        case .keyCertificate:
            return LocalizedText(
                ja: "まだ調べられていません。チェック (F5) をもう一度実行してください。",
                en: "Not examined yet. Run the checks (F5) again.")
        case .fileMode:
            let paths = TLSCheckKind.list(check.parameters["paths"]).joined(separator: ", ")
            return LocalizedText(
                ja: "\(paths) がまだありません。先に手順 3.1 で作ってください。",
                en: "\(paths) do not exist yet. Make them in step 3.1 first.")
        case .mainCFValues:
            return LocalizedText(
                ja: "main.cf にはまだ TLS の設定がひとつもありません。",
                en: "main.cf sets none of the TLS parameters yet.")
        case .restartedWithoutTLSWarning:
            return LocalizedText(
                ja: "main.cf の変更がまだ記録されていません。TLS の設定を書いてから Postfix を再起動してください。",
                en: "No change of main.cf recorded yet. Add the TLS settings, then restart "
                    + "Postfix.")
        case .ehloOffersSTARTTLS, .startTLSByHand:
            return LocalizedText(
                ja: "まだ見ていません。telnet localhost 25 で接続し、EHLO localhost の後に STARTTLS と打ってください。",
                en: "Not seen yet. Connect with telnet localhost 25, type EHLO localhost, then "
                    + "STARTTLS.")
        case .authByTool:
            let mechanism = check.parameters["mechanism"] ?? ""
            return LocalizedText(
                ja: "まだありません。swaks --auth \(mechanism) --server localhost --quit RCPT を実行してください。",
                en: "Not seen yet. Run swaks --auth \(mechanism) --server localhost --quit RCPT.")
        case .messageDelivered:
            return check.parameters["tls"] == "required"
                ? LocalizedText(
                    ja: "まだありません。swaks -tls --server localhost を実行してください。",
                    en: "Not seen yet. Run swaks -tls --server localhost.")
                : LocalizedText(
                    ja: "まだメールが届いていません。swaks --server localhost を実行してください。",
                    en: "No message delivered yet. Run swaks --server localhost.")
        case .startTLSThenAuth:
            return LocalizedText(
                ja: "まだありません。swaks --auth -tls --server localhost --quit RCPT を実行してください。",
                en: "Not seen yet. Run swaks --auth -tls --server localhost --quit RCPT.")
        }
    }
}
