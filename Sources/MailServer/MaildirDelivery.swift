import Foundation
import MailProtocol

/// Delivers each message into its recipients' Maildirs.
public struct MaildirDelivery: MessageDelivery {
    /// Returns the Maildir of a recipient address, or nil when it has none.
    public var resolveMaildir: @Sendable (String) -> URL?
    /// Whether to put `Return-Path:`, `X-Original-To:` and `Delivered-To:` before each copy, as
    /// Postfix's local delivery agent does.
    public var addsDeliveryHeaders: Bool
    /// Called after each stored copy with the delivery, the recipient and the new file.
    public var onStored: (@Sendable (Delivery, String, URL) -> Void)?

    public init(
        addsDeliveryHeaders: Bool = false,
        onStored: (@Sendable (Delivery, String, URL) -> Void)? = nil,
        resolveMaildir: @escaping @Sendable (String) -> URL?
    ) {
        self.resolveMaildir = resolveMaildir
        self.addsDeliveryHeaders = addsDeliveryHeaders
        self.onStored = onStored
    }

    /// Stores one copy per distinct Maildir. Recipients without a Maildir are skipped; when
    /// none has one, throws `MaildirError.noMailbox`.
    ///
    /// NOTE: a failure after some copies were stored still fails the whole delivery, so a
    /// client that retries leaves those recipients a duplicate.
    public func deliver(_ delivery: Delivery) throws {
        var stored = Set<String>()
        var unresolved: [String] = []
        for recipient in delivery.recipients {
            guard let url = resolveMaildir(recipient) else {
                unresolved.append(recipient)
                continue
            }
            guard stored.insert(url.standardizedFileURL.path).inserted else { continue }
            let file = try Maildir(url: url).store(copy(of: delivery, for: recipient))
            onStored?(delivery, recipient, file)
        }
        if stored.isEmpty {
            throw MaildirError.noMailbox(recipients: unresolved)
        }
    }

    private func copy(of delivery: Delivery, for recipient: String) -> [UInt8] {
        guard addsDeliveryHeaders else { return delivery.message }
        let headers =
            "Return-Path: <\(delivery.sender)>\nX-Original-To: \(recipient)\n"
            + "Delivered-To: \(recipient)\n"
        return Array(headers.utf8) + delivery.message
    }
}
