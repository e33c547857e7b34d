/// The `similarity` object of a `job.completed` row, over every article of the job, read from
/// `article_fingerprints` in the last batch's transaction (so a resumed job reports the same).
package struct JobSimilarity: Sendable, Hashable {
    /// The highest nearest-Jaccard of any article of the job.
    package var max: Double
    /// The mean of each article's nearest-Jaccard.
    package var meanNearest: Double
    /// The 95th percentile of each article's nearest-Jaccard.
    package var p95Nearest: Double
    /// Alternates drawn over the whole job (an article redrawn three times counts three).
    package var redrawn: Int
    /// Articles written with a nearest over the threshold (`on_similar: warn`, or redraws exhausted).
    package var overThreshold: Int

    /// Builds the summary; rates are rounded to 3 decimals only when written as JSON.
    package init(max: Double, meanNearest: Double, p95Nearest: Double, redrawn: Int, overThreshold: Int) {
        self.max = max
        self.meanNearest = meanNearest
        self.p95Nearest = p95Nearest
        self.redrawn = redrawn
        self.overThreshold = overThreshold
    }

    /// The aggregate `SimilarityQueries.jobAggregate` reads, computed from the job's `nearest` values
    /// (in job_seq order) the way PostgreSQL does: `avg` as the running sum over the count,
    /// `percentile_cont(0.95)` interpolating between the two closest ranks. For a job written in
    /// one batch, whose values the guard holds.
    init(nearest: [Double], redrawn: Int, threshold: Double) {
        guard !nearest.isEmpty else {
            self.init(max: 0, meanNearest: 0, p95Nearest: 0, redrawn: redrawn, overThreshold: 0)
            return
        }
        let sorted = nearest.sorted()
        let rank = 0.95 * Double(sorted.count - 1)
        let below = rank.rounded(.down), above = rank.rounded(.up)
        let low = sorted[Int(below)]
        let p95 = above > below ? low + (rank - below) * (sorted[Int(above)] - low) : low
        self.init(max: sorted[sorted.count - 1], meanNearest: nearest.reduce(0, +) / Double(nearest.count), p95Nearest: p95,
                  redrawn: redrawn, overThreshold: nearest.filter { $0 > threshold }.count)
    }

    /// `{"max", "mean_nearest", "p95_nearest", "redrawn", "over_threshold"}`.
    var json: JSONValue {
        .object(["max": .number(BatchSimilarity.rounded(max)), "mean_nearest": .number(BatchSimilarity.rounded(meanNearest)),
                 "p95_nearest": .number(BatchSimilarity.rounded(p95Nearest)), "redrawn": .integer(Int64(redrawn)),
                 "over_threshold": .integer(Int64(overThreshold))])
    }

    /// `json` as compact JSON text (what the work_log row holds).
    package var jsonText: String { JSONText.encode(json) }
}
