import Glibc

/// A network in `mynetworks` notation: `127.0.0.0/8`, `192.168.1.5`, `[::1]/128` or `::1/128`.
struct CIDRBlock: Equatable, Sendable {
    let network: [UInt8]
    let prefixLength: Int

    init?(_ text: String) {
        var address = Substring(text)
        var prefix: Int?
        if let slash = address.lastIndex(of: "/") {
            guard let value = Int(address[address.index(after: slash)...]) else { return nil }
            prefix = value
            address = address[..<slash]
        }
        if address.hasPrefix("["), address.hasSuffix("]") {
            address = address.dropFirst().dropLast()
        }
        guard let bytes = Self.parseAddress(String(address)) else { return nil }
        let length = prefix ?? bytes.count * 8
        guard (0...bytes.count * 8).contains(length) else { return nil }
        self.network = bytes
        self.prefixLength = length
    }

    /// Returns whether `address` (IPv4 or IPv6 text) lies in this network.
    func contains(_ address: String) -> Bool {
        guard let bytes = Self.parseAddress(address), bytes.count == network.count else {
            return false
        }
        var remaining = prefixLength
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            guard bytes[index] & mask == network[index] & mask else { return false }
            remaining -= bits
        }
        return true
    }

    /// Parses dotted IPv4 or IPv6 text into 4 or 16 bytes.
    static func parseAddress(_ text: String) -> [UInt8]? {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 {
            return withUnsafeBytes(of: &ipv4) { Array($0) }
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, text, &ipv6) == 1 {
            return withUnsafeBytes(of: &ipv6) { Array($0) }
        }
        return nil
    }
}
