import Spintax

/// How signatures are cut into LSH bands: `bands` bands of `rows` one-permutation MinHash values.
/// Two articles are candidates when some band is equal in both, with probability
/// 1 − (1 − J^rows)^bands for Jaccard J.
///
/// The default, 6 × 48, finds a pair at J = 0.65 with probability 0.977 (0.999 at 0.75, 0.89 at 0.55)
/// while a pair at J = 0.2 collides with probability 0.003 and at 0.3 with 0.03: the pairs a campaign
/// is full of stay out of the candidate list, so the list stays short at 100,000 articles.
struct LSHLayout: Sendable, Hashable {
    var rows: Int
    var bands: Int

    static let standard = LSHLayout(rows: 6, bands: 48)

    /// One-permutation bins: one per MinHash value.
    var bins: Int { rows * bands }

    /// The probability that a pair of Jaccard `jaccard` shares a band.
    func candidateProbability(_ jaccard: Double) -> Double {
        1 - pow1(1 - pow1(jaccard, rows), bands)
    }

    private func pow1(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= base }
        return result
    }
}
