/// The `similarity` object of a `batch.committed` row: over the batch's articles, each article's
/// nearest (its highest Jaccard with any earlier article of the site), and how many were redrawn.
package struct BatchSimilarity: Sendable, Hashable {
    /// The highest nearest-Jaccard of the batch's articles.
    package var max: Double
    /// The mean of the batch's articles' nearest-Jaccard.
    package var meanNearest: Double
    /// Alternates drawn in the batch (an article redrawn three times counts three).
    package var redrawn: Int

    /// Builds the summary; rates are rounded to 3 decimals only when written as JSON.
    package init(max: Double, meanNearest: Double, redrawn: Int) {
        self.max = max
        self.meanNearest = meanNearest
        self.redrawn = redrawn
    }

    /// `{"max": x, "mean_nearest": x, "redrawn": n}`, rates to 3 decimals.
    var json: JSONValue {
        .object(["max": .number(Self.rounded(max)), "mean_nearest": .number(Self.rounded(meanNearest)),
                 "redrawn": .integer(Int64(redrawn))])
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
