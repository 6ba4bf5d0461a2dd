import LabSystem

/// The learner's words for a configuration check's finding, in Japanese and English.
enum ConfigurationReasonText {
    static let mainCF = PostfixRuntimeConfiguration.mainCFPath

    static func text(_ finding: ConfigurationFinding) -> LocalizedText {
        switch finding {
        case .mainCFValueMatches(let name, let value):
            return LocalizedText(
                ja: "main.cf の \(name) は \(value) です (Postfix が読む値)。",
                en: "main.cf sets \(name) to \(value), as Postfix reads it.")
        case .mainCFValueDiffers(let name, let expected, let value, let isSet):
            return valueDiffers(name: name, expected: expected, value: value, isSet: isSet)
        case .mainCFNearMiss(let name, let expected, let typed, let kind):
            return nearMiss(name: name, expected: expected, typed: typed, kind: kind)
        case .mainCFRefused(let problem):
            return LocalizedText(
                ja: "Postfix は main.cf を読めません: \(problem)。その行を直してください。",
                en: "Postfix cannot read main.cf: \(problem). Fix that line.")
        case .saslOptionMatches(let option, let value, let path):
            return LocalizedText(
                ja: "\(path) の \(option) は \(value) です。",
                en: "\(path) sets \(option) to \(value).")
        case .saslOptionDiffers(let option, let expected, let value, let path):
            let found = value.map { "\($0)" }
            return LocalizedText(
                ja: "\(path) の \(option) は "
                    + (found.map { "\($0) で、\(expected) ではありません。" } ?? "設定されていません。")
                    + "「\(option): \(expected)」の行を書いてください (キーの直後にコロン)。",
                en: "\(path) "
                    + (found.map { "sets \(option) to \($0), not \(expected). " }
                        ?? "does not set \(option). ")
                    + "Write the line \"\(option): \(expected)\", with the colon right after "
                    + "the key.")
        case .saslFileMissing(let path):
            return LocalizedText(
                ja: "\(path) がまだありません。smtpd_sasl_path の値に .conf を付けた名前で、"
                    + "\(CyrusSASLConfig.directory) に作ってください。",
                en: "\(path) does not exist yet. Create it in \(CyrusSASLConfig.directory), "
                    + "named after smtpd_sasl_path with .conf added.")
        case .saslFileRejected(let path, let problem):
            return LocalizedText(
                ja: "Cyrus SASL は \(path) を読めません (\(problem))。各行を「キー: 値」の形に"
                    + "してください。",
                en: "Cyrus SASL rejects \(path) (\(problem)). Write each line as \"key: value\".")
        case .usersInRealm(let users, let realm):
            let list = users.joined(separator: ", ")
            return LocalizedText(
                ja: "レルム \(realm) にユーザ \(list) が登録されています。",
                en: "The realm \(realm) has the user \(list).")
        case .noUserInRealm(let realm, let elsewhere):
            return noUserInRealm(realm: realm, elsewhere: elsewhere)
        case .commandRanAfter(let command, let after):
            return LocalizedText(
                ja: "\(after) の後に \(command) を実行しました。",
                en: "\(command) ran after \(after).")
        case .commandNotRanAfter(let command, let after, let afterSeen):
            return afterSeen
                ? LocalizedText(
                    ja: "\(after) の後に \(command) がまだ成功していません。\(command) を実行して"
                        + "ください。",
                    en: "\(command) has not run successfully since \(after). Run \(command).")
                : LocalizedText(
                    ja: "まだ \(after) が成功していません。先に \(after) でユーザを登録して"
                        + "ください。",
                    en: "\(after) has not succeeded yet. Register the user with \(after) first.")
        case .reportAnswered:
            return LocalizedText(
                ja: "レポートにこの問いの答えがあります。",
                en: "The report answers this question.")
        case .reportNotAnswered(_, let keywords):
            let list = keywords.joined(separator: ", ")
            return LocalizedText(
                ja: "レポートにまだ答えがありません。F8 でレポートを開き、\(list) について調べた"
                    + "ことを書いてください。",
                en: "The report has no answer yet. Open it with F8 and write what you found out "
                    + "about \(list).")
        case .serverUsesFiles:
            return LocalizedText(
                ja: "動いている SMTP サーバは今の設定ファイルを読み込んでいます。",
                en: "The running SMTP server uses the configuration files as they are.")
        case .serverRunsOldFiles(let path):
            return LocalizedText(
                ja: "\(path) は Postfix が最後に起動または設定の再読み込みをした後に変わり"
                    + "ました。postfix reload か /usr/local/etc/rc.d/postfix restart を実行して"
                    + "ください。",
                en: "\(path) changed after Postfix last started or reloaded. Run postfix reload "
                    + "or /usr/local/etc/rc.d/postfix restart.")
        case .configurationUnchanged:
            return LocalizedText(
                ja: "main.cf も smtpd.conf もまだ変更されていません。先に手順 1.2 から 1.7 の"
                    + "設定をしてください。",
                en: "Neither main.cf nor smtpd.conf has changed yet. Make the settings of "
                    + "steps 1.2 to 1.7 first.")
        case .portInstalled(let name):
            return LocalizedText(
                ja: "\(name) はインストールされています。",
                en: "\(name) is installed.")
        case .portNotInstalled(let name):
            return LocalizedText(
                ja: "\(name) はまだインストールされていません。portsnap fetch、portsnap update "
                    + "の後に portinstall \(name) を実行してください。",
                en: "\(name) is not installed yet. Run portsnap fetch and portsnap update, "
                    + "then portinstall \(name).")
        case .portOptionOff(let name, let option):
            let file = "/var/db/ports/\(name)/options"
            return LocalizedText(
                ja: "\(name) はインストールされていますが、\(file) でオプション \(option) が"
                    + "選ばれていません。",
                en: "\(name) is installed, but \(file) does not turn the option \(option) on.")
        }
    }

    private static func valueDiffers(
        name: String, expected: String, value: String?, isSet: Bool
    ) -> LocalizedText {
        let setting = "\(name) = \(expected)"
        guard isSet else {
            let current = value.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            return LocalizedText(
                ja: "main.cf はまだ \(name) を設定していないので、既定値\(current)のままです。"
                    + "\(mainCF) に「\(setting)」を書いてください。",
                en: "main.cf does not set \(name) yet, so it keeps its default\(current). "
                    + "Add \"\(setting)\" to \(mainCF).")
        }
        let shown = value ?? ""
        return LocalizedText(
            ja: "Postfix が読む \(name) の値は「\(shown)」で、「\(expected)」ではありません。"
                + "「\(setting)」に直してください。同じ名前が二度あると後のものが使われ、"
                + "続きの行は空白かタブで始める必要があります。",
            en: "Postfix reads \(name) as \"\(shown)\", not \"\(expected)\". Change it to "
                + "\"\(setting)\". When a name is set twice the later one counts, and a "
                + "continuation line must start with a space or a tab.")
    }

    private static func nearMiss(
        name: String, expected: String, typed: String, kind: ConfigurationFinding.NearMiss
    ) -> LocalizedText {
        switch kind {
        case .clientParameter:
            return LocalizedText(
                ja: "main.cf に \(typed) がありますが、これはメールを送る側 (SMTP クライアント) の"
                    + "設定です。受け取る側 (SMTP サーバ) の設定は d の付いた \(name) です。"
                    + "「\(name) = \(expected)」と書いてください。",
                en: "main.cf sets \(typed), which configures the SMTP client that sends mail "
                    + "on. The SMTP server that receives mail reads \(name), with the d. "
                    + "Write \"\(name) = \(expected)\".")
        case .misspelt:
            return LocalizedText(
                ja: "main.cf に \(typed) がありますが、Postfix はこの名前を知りません "
                    + "(/var/log/maillog に unused parameter と出ます)。\(name) の綴りの誤りでは"
                    + "ありませんか。",
                en: "main.cf sets \(typed), a name Postfix does not know (/var/log/maillog "
                    + "shows it as an unused parameter). Did you mean \(name)?")
        }
    }

    private static func noUserInRealm(realm: String, elsewhere: [String]) -> LocalizedText {
        let command = "saslpasswd2 -c -u `postconf -h myhostname` NAME"
        guard !elsewhere.isEmpty else {
            return LocalizedText(
                ja: "sasldb にまだユーザがいません。\(command) で登録してください。",
                en: "The sasldb has no user yet. Register one with \(command).")
        }
        let list = elsewhere.joined(separator: ", ")
        return LocalizedText(
            ja: "sasldb のユーザ (\(list)) はレルム \(realm) にいません。-u でホスト名をレルムに"
                + "して登録し直してください: \(command)",
            en: "The sasldb's users (\(list)) are not in the realm \(realm). Register the user "
                + "again with the host name as the realm: \(command)")
    }
}
