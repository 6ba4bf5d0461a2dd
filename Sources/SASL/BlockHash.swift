import Foundation

/// MD5, SHA-1 and SHA-256 driven block by block, so that a hash can resume from a stored
/// intermediate state. OpenSSL 3 offers no supported way to import such a state, and CRAM
/// verifiers are exactly that: the state after the HMAC key's ipad or opad block.
struct BlockHash {
    static let blockSize = 64

    let algorithm: CRAMAlgorithm
    /// The chaining words: 4 for MD5, 5 for SHA-1, 8 for SHA-256.
    var words: [UInt32]
    /// Bytes hashed so far, a multiple of `blockSize`.
    var processedBytes: Int

    init(algorithm: CRAMAlgorithm) {
        self.algorithm = algorithm
        self.processedBytes = 0
        switch algorithm {
        case .md5: words = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476]
        case .sha1: words = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0]
        case .sha256: words = SHA256Constants.initialWords
        }
    }

    init(algorithm: CRAMAlgorithm, words: [UInt32], processedBytes: Int) {
        self.algorithm = algorithm
        self.words = words
        self.processedBytes = processedBytes
    }

    /// The chaining words as bytes in the hash's own byte order: little-endian for MD5,
    /// big-endian for the SHA family. This is also the layout of a final digest.
    var stateBytes: [UInt8] {
        words.flatMap { word in
            algorithm == .md5 ? littleEndianBytes(word) : bigEndianBytes(word)
        }
    }

    /// Rebuilds the chaining words from `stateBytes`, or returns `nil` for a wrong length.
    static func words(from bytes: [UInt8], algorithm: CRAMAlgorithm) -> [UInt32]? {
        guard bytes.count == algorithm.digestLength else { return nil }
        return stride(from: 0, to: bytes.count, by: 4).map { offset in
            let slice = bytes[offset..<offset + 4]
            return algorithm == .md5 ? readLittleEndian(slice) : readBigEndian(slice)
        }
    }

    /// Hashes one full block.
    mutating func compress(_ block: ArraySlice<UInt8>) {
        precondition(block.count == Self.blockSize)
        switch algorithm {
        case .md5: compressMD5(block)
        case .sha1: compressSHA1(block)
        case .sha256: compressSHA256(block)
        }
        processedBytes += Self.blockSize
    }

    /// Hashes `data` after what was processed so far and returns the digest.
    func finish(_ data: [UInt8]) -> [UInt8] {
        var hash = self
        let totalBits = UInt64(processedBytes + data.count) * 8
        var tail = data
        tail.append(0x80)
        while tail.count % Self.blockSize != 56 {
            tail.append(0)
        }
        if algorithm == .md5 {
            tail += (0..<8).map { UInt8(truncatingIfNeeded: totalBits >> (8 * UInt64($0))) }
        } else {
            tail += (0..<8).map { UInt8(truncatingIfNeeded: totalBits >> (56 - 8 * UInt64($0))) }
        }
        var offset = 0
        while offset < tail.count {
            hash.compress(tail[offset..<offset + Self.blockSize])
            offset += Self.blockSize
        }
        return hash.stateBytes
    }

    private mutating func compressMD5(_ block: ArraySlice<UInt8>) {
        let message = (0..<16).map { readLittleEndian(block.dropFirst($0 * 4).prefix(4)) }
        var a = words[0]
        var b = words[1]
        var c = words[2]
        var d = words[3]
        for round in 0..<64 {
            var f: UInt32
            let index: Int
            switch round {
            case 0..<16:
                f = (b & c) | (~b & d)
                index = round
            case 16..<32:
                f = (d & b) | (~d & c)
                index = (5 * round + 1) % 16
            case 32..<48:
                f = b ^ c ^ d
                index = (3 * round + 5) % 16
            default:
                f = c ^ (b | ~d)
                index = (7 * round) % 16
            }
            f = f &+ a &+ MD5Constants.sines[round] &+ message[index]
            a = d
            d = c
            c = b
            b = b &+ rotateLeft(f, MD5Constants.shifts[round])
        }
        words[0] = words[0] &+ a
        words[1] = words[1] &+ b
        words[2] = words[2] &+ c
        words[3] = words[3] &+ d
    }

    private mutating func compressSHA1(_ block: ArraySlice<UInt8>) {
        var schedule = (0..<16).map { readBigEndian(block.dropFirst($0 * 4).prefix(4)) }
        for index in 16..<80 {
            let mixed =
                schedule[index - 3] ^ schedule[index - 8] ^ schedule[index - 14]
                ^ schedule[index - 16]
            schedule.append(rotateLeft(mixed, 1))
        }
        var a = words[0]
        var b = words[1]
        var c = words[2]
        var d = words[3]
        var e = words[4]
        for round in 0..<80 {
            let f: UInt32
            let constant: UInt32
            switch round {
            case 0..<20:
                f = (b & c) | (~b & d)
                constant = 0x5a82_7999
            case 20..<40:
                f = b ^ c ^ d
                constant = 0x6ed9_eba1
            case 40..<60:
                f = (b & c) | (b & d) | (c & d)
                constant = 0x8f1b_bcdc
            default:
                f = b ^ c ^ d
                constant = 0xca62_c1d6
            }
            let temporary = rotateLeft(a, 5) &+ f &+ e &+ constant &+ schedule[round]
            e = d
            d = c
            c = rotateLeft(b, 30)
            b = a
            a = temporary
        }
        words[0] = words[0] &+ a
        words[1] = words[1] &+ b
        words[2] = words[2] &+ c
        words[3] = words[3] &+ d
        words[4] = words[4] &+ e
    }

    private mutating func compressSHA256(_ block: ArraySlice<UInt8>) {
        var schedule = (0..<16).map { readBigEndian(block.dropFirst($0 * 4).prefix(4)) }
        for index in 16..<64 {
            let w15 = schedule[index - 15]
            let w2 = schedule[index - 2]
            let sigma0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 >> 3)
            let sigma1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 >> 10)
            schedule.append(schedule[index - 16] &+ sigma0 &+ schedule[index - 7] &+ sigma1)
        }
        var state = words
        for round in 0..<64 {
            let (a, b, c, d, e, f, g, h) =
                (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
            let sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
            let choice = (e & f) ^ (~e & g)
            let temporary1 =
                h &+ sum1 &+ choice &+ SHA256Constants.roundConstants[round] &+ schedule[round]
            let sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let temporary2 = sum0 &+ majority
            state = [temporary1 &+ temporary2, a, b, c, d &+ temporary1, e, f, g]
        }
        for index in 0..<8 {
            words[index] = words[index] &+ state[index]
        }
    }
}

extension CRAMAlgorithm {
    /// Bytes in a digest of this hash, which is also the size of its chaining state.
    var digestLength: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha256: 32
        }
    }
}

private enum MD5Constants {
    /// `floor(abs(sin(i + 1)) * 2^32)` for i in 0..<64 (RFC 1321, section 3.4).
    static let sines: [UInt32] = (0..<64).map { UInt32(abs(sin(Double($0 + 1))) * 4_294_967_296) }
    /// Per-round left rotations: each group of four repeats four times in its 16 rounds.
    static let shifts: [UInt32] = [
        [7, 12, 17, 22], [5, 9, 14, 20], [4, 11, 16, 23], [6, 10, 15, 21],
    ]
    .flatMap { group in (0..<4).flatMap { _ in group } }
}

private enum SHA256Constants {
    private static let primes: [Int] = {
        var found: [Int] = []
        var candidate = 2
        while found.count < 64 {
            if !found.contains(where: { candidate % $0 == 0 }) {
                found.append(candidate)
            }
            candidate += 1
        }
        return found
    }()

    /// The first 32 bits of the fractional parts of the square roots of the first 8 primes
    /// (FIPS 180-4, section 5.3.3).
    static let initialWords: [UInt32] = primes.prefix(8).map { fractionBits(sqrt(Double($0))) }
    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes
    /// (FIPS 180-4, section 4.2.2).
    static let roundConstants: [UInt32] = primes.map { fractionBits(cbrt(Double($0))) }

    private static func fractionBits(_ value: Double) -> UInt32 {
        UInt32((value - value.rounded(.down)) * 4_294_967_296)
    }
}

private func rotateLeft(_ value: UInt32, _ count: UInt32) -> UInt32 {
    value << count | value >> (32 - count)
}

private func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
    value >> count | value << (32 - count)
}

private func readLittleEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
}

private func readBigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.reduce(0) { $0 << 8 | UInt32($1) }
}

private func littleEndianBytes(_ word: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) }
}

private func bigEndianBytes(_ word: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) }
}
