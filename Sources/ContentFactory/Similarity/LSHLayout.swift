/// How signatures are cut into LSH bands: `bands` bands of `rows` one-permutation MinHash values.
/// Two articles are candidates when some band is equal in both, with probability
/// 1 − (1 − J^rows)^bands for Jaccard J.
///
/// The default, 8 × 110, finds a pair at J = 0.65 with probability 0.97 (0.9995 at 0.75, 0.78 at
/// 0.6) while a pair at 0.2 collides with probability 0.0003 and at 0.3 with 0.007. A campaign's
/// random pairs sit around 0.15 with a few percent near 0.3 (measured: median 0.15, 3.5% ≥ 0.3),
/// so an article of a 100,000-article site has a few dozen candidates, not thousands: looser curves
/// (6 × 48 finds 0.65 as well) let 0.3 pairs through at 0.03 and cost hundreds per article.
struct LSHLayout: Sendable, Hashable {
    var rows: Int
    var bands: Int

    static let standard = LSHLayout(rows: 8, bands: 110)

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
