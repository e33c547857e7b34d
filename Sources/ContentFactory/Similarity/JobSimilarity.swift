/// The `similarity` object of a `job.completed` row, over every article of the job, read from
/// `article_fingerprints` in the last batch's transaction (so a resumed job reports the same).
public struct JobSimilarity: Sendable, Hashable {
    public var max: Double
    public var meanNearest: Double
    public var p95Nearest: Double
    public var redrawn: Int
    /// Articles written with a nearest over the threshold (`on_similar: warn`, or redraws exhausted).
    public var overThreshold: Int

    public init(max: Double, meanNearest: Double, p95Nearest: Double, redrawn: Int, overThreshold: Int) {
        self.max = max
        self.meanNearest = meanNearest
        self.p95Nearest = p95Nearest
        self.redrawn = redrawn
        self.overThreshold = overThreshold
    }

    /// `{"max", "mean_nearest", "p95_nearest", "redrawn", "over_threshold"}`.
    var json: JSONValue {
        .object(["max": .number(BatchSimilarity.rounded(max)), "mean_nearest": .number(BatchSimilarity.rounded(meanNearest)),
                 "p95_nearest": .number(BatchSimilarity.rounded(p95Nearest)), "redrawn": .integer(Int64(redrawn)),
                 "over_threshold": .integer(Int64(overThreshold))])
    }

    /// `json` as compact JSON text (what the work_log row holds).
    public var jsonText: String { JSONText.encode(json) }
}
