import Foundation
import PostgresClient

/// `content-factory similarity --job ID`: a guarded job's nearest-neighbour distribution and its
/// closest pairs, each with the longest passage the two articles share.
package struct SimilarityReport: Sendable {
    /// One article and its nearest earlier article of the site.
    package struct Pair: Sendable {
        /// The article's Jaccard with its nearest earlier article (word 5-shingles, places and persona masked).
        package var jaccard: Double
        /// The article of this job.
        package var articleID: UUID
        /// Its position in the job (`job_seq`).
        package var jobSeq: Int
        /// Its title; empty when NULL.
        package var title: String
        /// The nearest earlier article of the site, which may belong to another job.
        package var otherID: UUID
        /// The job that wrote the nearest article.
        package var otherJobID: UUID
        /// The nearest article's position in its job.
        package var otherJobSeq: Int
        /// The nearest article's title; empty when NULL.
        package var otherTitle: String
        /// The longest run of words both bodies contain (places and persona as `[place]`).
        package var sharedPassage: String
        /// The length of `sharedPassage` in words.
        package var sharedWords: Int
    }

    /// The job the report is about.
    package var job: UUID
    /// Fingerprinted articles of the job.
    package var articles: Int
    /// The highest nearest-Jaccard of the job's articles; 0 when none was fingerprinted.
    package var max: Double
    /// The mean nearest-Jaccard; 0 when none was fingerprinted.
    package var mean: Double
    /// The median nearest-Jaccard (the value at the rounded rank); 0 when none was fingerprinted.
    package var median: Double
    /// The 95th-percentile nearest-Jaccard (the value at the rounded rank); 0 when none was fingerprinted.
    package var p95: Double
    /// Articles per nearest-Jaccard tenth: `[0, 0.1)`, …, `[0.9, 1]`.
    package var histogram: [Int]
    /// The closest pairs, highest Jaccard first, at most the `top` asked for.
    package var pairs: [Pair]

    /// Reads the report of `job`, with its `top` closest pairs.
    ///
    /// - Throws: `PostgresError`.
    package static func load(job: UUID, top: Int, connection: PostgresConnection) async throws -> SimilarityReport {
        let values = try await connection.query(SimilarityQueries.jobNearest, [job]).map { try $0.decode(Double.self, at: 0) }
        func quantile(_ q: Double) -> Double {
            values.isEmpty ? 0 : values[Swift.min(values.count - 1, Int((Double(values.count - 1) * q).rounded()))]
        }
        var histogram = [Int](repeating: 0, count: 10)
        for value in values { histogram[Swift.min(9, Int(value * 10))] += 1 }
        var pairs: [Pair] = []
        for row in try await connection.query(SimilarityQueries.closestPairs, [job, top]) {
            let left = SimilarityText.words(html: Array(try row.decode(String.self, at: 4).utf8),
                                            maskTerms: try row.decode(String.self, at: 10).split(separator: "|").map(String.init))
            let right = SimilarityText.words(html: Array(try row.decode(String.self, at: 9).utf8),
                                             maskTerms: try row.decode(String.self, at: 11).split(separator: "|").map(String.init))
            let passage = longestCommonRun(left, right)
            pairs.append(Pair(
                jaccard: try row.decode(Double.self, at: 0), articleID: try row.decode(UUID.self, at: 1), jobSeq: try row.decode(Int.self, at: 2),
                title: try row.decode(String?.self, at: 3) ?? "", otherID: try row.decode(UUID.self, at: 5),
                otherJobID: try row.decode(UUID.self, at: 6), otherJobSeq: try row.decode(Int.self, at: 7),
                otherTitle: try row.decode(String?.self, at: 8) ?? "", sharedPassage: passage.joined(separator: " "), sharedWords: passage.count))
        }
        return SimilarityReport(job: job, articles: values.count, max: values.last ?? 0,
                                mean: values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count),
                                median: quantile(0.5), p95: quantile(0.95), histogram: histogram, pairs: pairs)
    }

    /// The longest run of equal consecutive words (dynamic programming over one row).
    static func longestCommonRun(_ a: [String], _ b: [String]) -> ArraySlice<String> {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var previous = [Int](repeating: 0, count: b.count + 1), current = previous
        var best = 0, end = 0
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0
                if current[j] > best { best = current[j]; end = i }
            }
            swap(&previous, &current)
        }
        return a[(end - best)..<end]
    }

    /// The report as JSON text.
    package var jsonText: String {
        func number(_ value: Double) -> JSONValue { .number(BatchSimilarity.rounded(value)) }
        let pairs = self.pairs.map { pair -> JSONValue in
            .object([
                "jaccard": number(pair.jaccard),
                "article": .object(["id": .string(pair.articleID.uuidString.lowercased()), "job_seq": .integer(Int64(pair.jobSeq)), "title": .string(pair.title)]),
                "nearest": .object(["id": .string(pair.otherID.uuidString.lowercased()), "job_id": .string(pair.otherJobID.uuidString.lowercased()),
                                    "job_seq": .integer(Int64(pair.otherJobSeq)), "title": .string(pair.otherTitle)]),
                "shared_passage": .string(pair.sharedPassage), "shared_words": .integer(Int64(pair.sharedWords)),
            ])
        }
        return JSONText.encode(.object([
            "job": .string(job.uuidString.lowercased()), "articles": .integer(Int64(articles)),
            "nearest": .object(["max": number(max), "mean": number(mean), "median": number(median), "p95": number(p95),
                                "histogram": .array(histogram.map { .integer(Int64($0)) })]),
            "pairs": .array(pairs),
        ]))
    }
}
