/// An HMAC key reduced to the two hash states after its ipad and opad blocks (RFC 2104,
/// section 4). The states compute any HMAC with that key without the key itself, which is how
/// Cyrus's CRAM-MD5 secrets and Courier's `hmac-md5pw` fields store a password. They are still
/// password-equivalent for the CRAM mechanisms, so they are as secret as the password.
public struct HMACPrecomputedState: Sendable, Equatable {
    public let algorithm: CRAMAlgorithm
    /// The hash state after the key XOR ipad block.
    public let inner: [UInt8]
    /// The hash state after the key XOR opad block.
    public let outer: [UInt8]

    /// Precomputes the states for `key`. A key longer than the hash's 64-byte block is hashed
    /// first, as HMAC requires.
    public init(algorithm: CRAMAlgorithm, key: [UInt8]) {
        var block = key
        if block.count > BlockHash.blockSize {
            block = Self.digest(algorithm, block)
        }
        block += [UInt8](repeating: 0, count: BlockHash.blockSize - block.count)
        var innerHash = BlockHash(algorithm: algorithm)
        innerHash.compress(block.map { $0 ^ 0x36 }[...])
        var outerHash = BlockHash(algorithm: algorithm)
        outerHash.compress(block.map { $0 ^ 0x5c }[...])
        self.algorithm = algorithm
        self.inner = innerHash.stateBytes
        self.outer = outerHash.stateBytes
    }

    /// Rebuilds the states from their bytes, or returns `nil` when a length does not fit.
    public init?(algorithm: CRAMAlgorithm, inner: [UInt8], outer: [UInt8]) {
        guard inner.count == algorithm.digestLength, outer.count == algorithm.digestLength else {
            return nil
        }
        self.algorithm = algorithm
        self.inner = inner
        self.outer = outer
    }

    /// Parses the hexadecimal text that Courier's `userdbpw -hmac-md5` (and `-hmac-sha1`,
    /// `-hmac-sha256`) prints and `userdb` stores: the outer state, then the inner state.
    public init?(algorithm: CRAMAlgorithm, userdbHex text: String) {
        guard let bytes = Hex.decode(text[...]), bytes.count == 2 * algorithm.digestLength else {
            return nil
        }
        let half = algorithm.digestLength
        self.init(
            algorithm: algorithm, inner: Array(bytes[half...]), outer: Array(bytes[..<half]))
    }

    /// The states in Courier's `userdb` layout: outer then inner, lowercase hexadecimal.
    public var userdbHex: String { Hex.encode(outer + inner) }

    /// Computes HMAC(key, data) from the stored states.
    public func authenticationCode(for data: [UInt8]) -> [UInt8] {
        let innerDigest = resume(inner).finish(data)
        return resume(outer).finish(innerDigest)
    }

    private func resume(_ state: [UInt8]) -> BlockHash {
        guard let words = BlockHash.words(from: state, algorithm: algorithm) else {
            preconditionFailure("an HMAC state of the wrong length was stored")
        }
        return BlockHash(algorithm: algorithm, words: words, processedBytes: BlockHash.blockSize)
    }

    private static func digest(_ algorithm: CRAMAlgorithm, _ data: [UInt8]) -> [UInt8] {
        switch algorithm {
        case .md5: MessageDigest.md5(data)
        case .sha1: MessageDigest.sha1(data)
        case .sha256: MessageDigest.sha256(data)
        }
    }
}
