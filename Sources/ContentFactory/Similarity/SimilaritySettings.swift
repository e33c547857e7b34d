/// The near-duplicate guard of a job: `filters.max_similarity` and `filters.on_similar`.
package struct SimilaritySettings: Sendable, Hashable {
    /// What happens to an article whose nearest earlier article of the site is over the threshold.
    package enum OnSimilar: String, Sendable, Hashable, CaseIterable {
        /// Replace it by its next deterministic alternate, up to `SimilaritySettings.redrawLimit`
        /// times; when none passes, the closest of them is written (and counted in `over_threshold`).
        case redraw
        /// Write it anyway and count it in `over_threshold`.
        case warn
        /// Fail the job with `E_SIMILAR`; nothing of the batch is written.
        case fail
    }

    /// The highest Jaccard similarity (word 5-shingles, places and persona masked) an article may have
    /// with any earlier article of its site; 1 turns the guard off.
    package var maxSimilarity: Double
    /// What to do with an article over `maxSimilarity`; only matters while `isEnabled`.
    package var onSimilar: OnSimilar

    /// Alternates tried for one article before `redraw` gives up.
    package static let redrawLimit = 16
    /// The default threshold.
    package static let defaultMaxSimilarity = 0.6

    /// The defaults (`0.6`, `redraw`) are what a job without `filters.max_similarity`/`on_similar` gets.
    package init(maxSimilarity: Double = Self.defaultMaxSimilarity, onSimilar: OnSimilar = .redraw) {
        self.maxSimilarity = maxSimilarity
        self.onSimilar = onSimilar
    }

    /// Whether articles are fingerprinted and checked. With `max_similarity: 1` nothing is computed or
    /// stored (every pair passes), so the job runs at the unguarded rate and its articles are not in
    /// the site's index either.
    package var isEnabled: Bool { maxSimilarity < 1 }
}
