import Foundation

/// The Received header and the headers that Postfix's cleanup adds to a message.
enum SMTPMessageBuilder {
    /// The facts about one transaction that the Received header shows.
    struct Trace {
        var heloName: String?
        var peer: PeerInfo
        var myhostname: String
        /// The TLS clause's parameters; `nil` unless TLS is active and
        /// `smtpd_tls_received_header = yes`.
        var tls: TLSInfo?
        /// The SASL user name; `nil` unless authenticated and
        /// `smtpd_sasl_authenticated_header = yes`.
        var authenticatedSender: String?
        var protocolName: String
        var queueID: String
        var recipients: [String]
        var date: Date
    }

    /// Builds the Received header as Postfix 3.7 writes it, each continuation line starting
    /// with a TAB, ending in LF:
    ///
    ///     Received: from client.example (localhost [127.0.0.1])
    ///     	(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
    ///     	 key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)
    ///     	(No client certificate requested)
    ///     	(Authenticated sender: testuser@lab.example.jp)
    ///     	by lab.example.jp (Postfix) with ESMTPSA id 55BA7F60B5
    ///     	for <testuser@lab.example.jp>; Fri,  4 Dec 2026 13:44:10 +0000 (UTC)
    ///
    /// With several recipients the `for` clause is left out and the date follows `id …;` on
    /// its own line.
    static func receivedHeader(_ trace: Trace) -> String {
        let peer = trace.peer
        var lines = [
            "Received: from \(trace.heloName ?? peer.hostname) (\(peer.hostname) [\(peer.address)])"
        ]
        if let tls = trace.tls {
            let using =
                "\t(using \(tls.version) with cipher \(tls.cipher)"
                + " (\(tls.secretBits)/\(tls.algorithmBits) bits)"
            var details: [String] = []
            if let keyExchange = tls.keyExchange {
                details.append("key-exchange \(keyExchange)")
            }
            if let signature = tls.serverSignature {
                var part = "server-signature \(signature)"
                if let bits = tls.serverSignatureBits {
                    part += " (\(bits) bits)"
                }
                details.append(part)
            }
            if let digest = tls.serverDigest {
                details.append("server-digest \(digest)")
            }
            if details.isEmpty {
                lines.append(using + ")")
            } else {
                lines.append(using)
                lines.append("\t " + details.joined(separator: " ") + ")")
            }
            lines.append("\t(No client certificate requested)")
        }
        if let sender = trace.authenticatedSender {
            lines.append("\t(Authenticated sender: \(sender))")
        }
        let by = "\tby \(trace.myhostname) (Postfix) with \(trace.protocolName) id \(trace.queueID)"
        let date = formatDate(trace.date)
        if trace.recipients.count == 1 {
            lines.append(by)
            lines.append("\tfor <\(trace.recipients[0])>; \(date)")
        } else {
            lines.append(by + ";")
            lines.append("\t" + date)
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Formats a date as Postfix's `mail_date` does, in UTC: `Fri,  4 Dec 2026 13:44:10 +0000
    /// (UTC)`, the day of the month padded with a space.
    ///
    /// NOTE: Postfix writes local time with the zone's abbreviation; the lab always uses UTC.
    static func formatDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        return String(
            format: "%@, %2d %@ %04d %02d:%02d:%02d +0000 (UTC)", weekdays[parts.weekday! - 1],
            parts.day!, months[parts.month! - 1], parts.year!, parts.hour!, parts.minute!,
            parts.second!)
    }

    /// Postfix's generated Message-Id: `<YYYYMMDDhhmmss.QUEUEID@myhostname>`.
    static func messageID(date: Date, queueID: String, myhostname: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return "<\(formatter.string(from: date)).\(queueID)@\(myhostname)>"
    }

    /// Adds `Message-Id:`, `Date:` and `From:` at the end of the header section when the
    /// message lacks them, as Postfix's cleanup does for local clients. A message whose
    /// header section is not ended by an empty line gets one.
    static func addMissingHeaders(
        to content: [UInt8], messageID: String, date: String, from: String
    )
        -> (message: [UInt8], messageID: String)
    {
        var lines = content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }
        var headerCount = 0
        var seen: Set<String> = []
        var existingMessageID: String?
        while headerCount < lines.count {
            let line = lines[headerCount]
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"),
                headerCount > 0
            {
                headerCount += 1
                continue
            }
            guard let name = headerName(line) else { break }
            seen.insert(name.lowercased())
            if name.lowercased() == "message-id" {
                let value = line.dropFirst(name.utf8.count + 1)
                existingMessageID = String(decoding: value, as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
            }
            headerCount += 1
        }

        var added: [String] = []
        if !seen.contains("message-id") {
            added.append("Message-Id: \(messageID)")
        }
        if !seen.contains("date") {
            added.append("Date: \(date)")
        }
        if !seen.contains("from") {
            added.append("From: \(from.isEmpty ? "MAILER-DAEMON" : from)")
        }
        var output: [UInt8] = []
        for line in lines[..<headerCount] {
            output += line
            output.append(UInt8(ascii: "\n"))
        }
        for line in added {
            output += Array(line.utf8)
            output.append(UInt8(ascii: "\n"))
        }
        let body = lines[headerCount...]
        if body.first?.isEmpty != true {
            output.append(UInt8(ascii: "\n"))
        }
        for line in body {
            output += line
            output.append(UInt8(ascii: "\n"))
        }
        return (output, existingMessageID ?? messageID)
    }

    /// Returns the field name of a header line (`Subject` of `Subject: hi`), or `nil` when the line
    /// is not a header: RFC 5322 names are printable ASCII without a colon.
    private static func headerName(_ line: ArraySlice<UInt8>) -> String? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
            return nil
        }
        let name = line[..<colon]
        guard name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}
