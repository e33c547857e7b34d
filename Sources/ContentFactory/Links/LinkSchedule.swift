import Spintax

/// Decides which of an article's eligible link targets it links, so links spread evenly over a job.
///
/// Each eligible target gets an exponentially distributed key, hashed from the job's seed, the
/// article's job_seq and the target, divided by the target's weight; the smallest keys win. So an
/// article's choice depends only on its own job_seq and body: a resumed job, another batch size or
/// another thread count gives the same bytes. Weights are the inverse of how often a target's keyword
/// occurs (estimated from a sample of the job's own articles, `init(…sampleOccurrences:)`), so a target
/// that is rarely eligible wins more often when it is: targets end up with similar link counts rather
/// than counts proportional to how common their keyword is. A target that occurs too rarely to reach
/// the others' share is linked wherever its budget allows.
package struct LinkSchedule: Sendable, Hashable {
    /// Per target: the weight its keys are divided by (≥ 1).
    package let weights: [UInt64]
    /// The job's link seed (derived from its master seed), which fixes every article's keys.
    package let seed: UInt64

    /// - Parameters:
    ///   - seed: the job's link seed.
    ///   - sampleSize: how many articles were sampled.
    ///   - sampleOccurrences: per target, in how many sampled articles its keyword was eligible.
    package init(seed: UInt64, sampleSize: Int, sampleOccurrences: [Int]) {
        self.seed = seed
        // (n + 1) / (k + 1): finite for a target never seen in the sample, 1 for one seen everywhere.
        self.weights = sampleOccurrences.map { UInt64((max(sampleSize, 0) + 1) * 1024 / (max($0, 0) + 1)) }
    }

    /// The eligible targets of article `sequence`, most wanted first.
    package func order(eligible: [Int], sequence: Int) -> [Int] {
        let keys = eligible.map { target in
            (target: target, key: Self.exponentialKey(SpintaxHash.mix64(seed ^ (UInt64(sequence) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(target) &* 0xC2B2_AE3D_27D4_EB4F))))
        }
        return keys.sorted { a, b in
            // a.key / w(a) < b.key / w(b), exactly, in 128 bits.
            let left = a.key.multipliedFullWidth(by: weights[b.target])
            let right = b.key.multipliedFullWidth(by: weights[a.target])
            if left.high != right.high { return left.high < right.high }
            if left.low != right.low { return left.low < right.low }
            return a.target < b.target
        }.map(\.target)
    }

    /// −log2(h / 2^64) in 32.32 fixed point, linearly interpolated between powers of two: an
    /// exponential variable made with integer arithmetic only, so every machine orders alike.
    static func exponentialKey(_ hash: UInt64) -> UInt64 {
        let zeros = UInt64(hash.leadingZeroBitCount)
        guard zeros < 64 else { return 65 << 32 }
        let fraction = ((hash << zeros) << 1) >> 32  // mantissa bits after the leading 1
        return ((zeros + 1) << 32) - fraction
    }
}
