import Spintax

/// A small estimate of Jaccard similarity stored with each fingerprint: one-permutation MinHash with
/// 128 bins (a separate hash from the bands'), each bin's minimum kept as its low 8 bits (b-bit
/// minwise hashing). Candidates from the database are first estimated on these 128 bytes; only those
/// estimated near or over the threshold are compared exactly, so a batch transfers 128 bytes per
/// candidate instead of its shingles.
///
/// Standard error sqrt(J(1 − J)/128): 0.043 at 0.5; the guard verifies exactly whatever is within
/// `SimilarityGuard.verifyMargin` (3.5 standard errors) of the threshold.
struct SimilaritySketch: Sendable, Hashable {
    static let bins = 128

    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(_ shingles: ShingleSet) {
        var minima = [UInt64](repeating: .max, count: Self.bins)
        for shingle in shingles.hashes {
            let h = SpintaxHash.mix64(UInt64(shingle) ^ 0x534B_4554_4348)  // "SKETCH"
            let bin = Int(SpintaxHash.multiplyHigh(h, UInt64(Self.bins)))
            if h < minima[bin] { minima[bin] = h }
        }
        var bytes = [UInt8](repeating: 0, count: Self.bins)
        for bin in 0..<Self.bins {
            var value = minima[bin]
            var attempt: UInt64 = 0
            while value == .max, shingles.count > 0 {
                let probe = Int(SpintaxHash.multiplyHigh(SpintaxHash.mix64(UInt64(bin) << 32 | attempt), UInt64(Self.bins)))
                value = minima[probe] == .max ? .max : SpintaxHash.mix64(minima[probe] ^ attempt)
                attempt += 1
            }
            bytes[bin] = UInt8(truncatingIfNeeded: value)
        }
        self.bytes = bytes
    }

    /// Estimated Jaccard: the share of equal bins, corrected for 8-bit values equal by chance.
    func estimate(_ other: SimilaritySketch) -> Double {
        guard bytes.count == other.bytes.count, !bytes.isEmpty else { return 0 }
        var equal = 0
        for index in bytes.indices where bytes[index] == other.bytes[index] { equal += 1 }
        let chance = 1.0 / 256
        return max(0, (Double(equal) / Double(bytes.count) - chance) / (1 - chance))
    }
}
