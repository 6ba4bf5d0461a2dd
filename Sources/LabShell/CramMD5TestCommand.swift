import SASL

/// `userdb-test-cram-md5`: Courier authlib's helper that computes the response to a CRAM-MD5
/// challenge. Its prompts and output are those of the Perl script in Debian's
/// courier-authlib-userdb, byte for byte. The password is read without echo here, where the
/// script echoes it.
struct CramMD5TestCommand: ShellCommand {
    let name = "userdb-test-cram-md5"
    let path: String? = "/usr/local/sbin/userdb-test-cram-md5"
    let synopsis = "userdb-test-cram-md5"
    let summary = LocalizedText(
        ja: "CRAM-MD5 のチャレンジに対するレスポンスを作る",
        en: "compute the response to a CRAM-MD5 challenge")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard let user = context.readLine(prompt: "Username? ", echo: true),
            let password = context.readLine(prompt: "Password? ", echo: false)
        else { return 1 }
        context.write("Send: AUTH CRAM-MD5 (or for imap, A AUTHENTICATE CRAM-MD5)\n")
        context.write("Paste the challenge here:\n")
        guard let pasted = context.readLine(prompt: "+ ", echo: true) else { return 1 }
        let text = CramMD5TestCommand.challengeText(pasted)
        var challenge = Base64.decode(text)
        if challenge == nil {
            context.writeError(
                LocalizedText(
                    ja: "注意: 貼り付けた文字列は正しい base64 ではありません。base64 以外の文字を無視して続けます。\n",
                    en:
                        "Note: the pasted text is not valid base64; its non-base64 characters are ignored.\n"
                )(context.language))
            challenge = CramMD5TestCommand.lenientDecode(text)
        }
        let response = CRAM.response(
            challenge: challenge ?? [], user: user, password: Array(password.utf8), algorithm: .md5)
        context.write(
            "Send this response:\n" + CramMD5TestCommand.mimeBase64(Array(response.utf8)) + "\n")
        return 0
    }

    /// Returns the pasted challenge without what precedes the base64: the script strips a leading
    /// `+` and spaces (IMAP's and POP3's continuation), and the lab also strips SMTP's `334 `
    /// and trailing blanks.
    static func challengeText(_ pasted: String) -> String {
        var text = Substring(pasted)
        if text.hasPrefix("334 ") { text = text.dropFirst(4) }
        if text.hasPrefix("+") { text = text.dropFirst() }
        text = text.drop(while: { $0 == " " })
        while let last = text.last, last == " " || last == "\r" || last == "\t" {
            text = text.dropLast()
        }
        return String(text)
    }

    /// Base64 as Perl's MIME::Base64 `encode_base64` writes it: lines of 76 characters, each
    /// ending in a newline.
    static func mimeBase64(_ bytes: [UInt8]) -> String {
        let encoded = Array(Base64.encode(bytes))
        var output = ""
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            output += String(encoded[start..<end]) + "\n"
            start = end
        }
        return output
    }

    /// Decodes base64 as `decode_base64` does: characters outside the alphabet are skipped,
    /// decoding stops at `=`, and a last partial group gives what bytes it can.
    static func lenientDecode(_ text: String) -> [UInt8] {
        let alphabet = Array(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var values: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { break }
            if let value = alphabet.firstIndex(of: byte) { values.append(UInt8(value)) }
        }
        var output: [UInt8] = []
        var index = 0
        while index + 1 < values.count {
            let group = values[index..<min(index + 4, values.count)]
            let bits = group.enumerated().reduce(UInt32(0)) {
                $0 | UInt32($1.element) << (18 - 6 * $1.offset)
            }
            let count = group.count - 1
            for shift in [16, 8, 0].prefix(count) {
                output.append(UInt8(truncatingIfNeeded: bits >> shift))
            }
            index += 4
        }
        return output
    }
}
