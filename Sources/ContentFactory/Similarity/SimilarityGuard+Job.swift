import Foundation
import PostgresClient

extension SimilarityGuard {
    /// The guard of a prepared job; nil when its `max_similarity` is 1.
    init?(job prepared: PreparedCampaignJob) {
        guard prepared.spec.similarity.isEnabled else { return nil }
        self.init(settings: prepared.spec.similarity, siteID: prepared.data.site.id)
    }

    /// Alternate `k` of article `index`, fingerprinted.
    static func redraw(_ prepared: PreparedCampaignJob) -> (Int, Int) throws -> RenderedArticle {
        { index, alternate in
            var buffers = PreparedCampaignJob.RenderBuffers()
            var article = try prepared.renderArticle(index, alternate: alternate, buffers: &buffers)
            article.fingerprint = ArticleFingerprint(article: article)
            return article
        }
    }

    /// Each finished job's aggregate over every fingerprint it wrote, this transaction's included, in
    /// order. A job written whole in this transaction (its `written` positions in `articles`, nil
    /// otherwise) is computed from its records, with no round trip; the others are read from
    /// `article_fingerprints` after `pending` (the transaction's statements still to run: its rows and
    /// `writeFingerprints`), all in one round trip, and `pending` is then empty.
    ///
    /// - Throws: `PostgresError`.
    func jobSummaries(of jobs: [UUID], written: [Range<Int>?], articles: [RenderedArticle], records: [Record],
                      pending: inout [PostgresStatement], on connection: isolated PostgresConnection) async throws -> [JobSimilarity] {
        var summaries: [JobSimilarity?] = written.map { range in
            range.map { range in
                let printed = range.filter { articles[$0].fingerprint != nil }
                return JobSimilarity(nearest: printed.map { records[$0].nearest }, redrawn: printed.reduce(0) { $0 + records[$1].redrawn },
                                     threshold: settings.maxSimilarity)
            }
        }
        let read = jobs.indices.filter { summaries[$0] == nil }
        guard !read.isEmpty else { return summaries.map { $0! } }
        let results = try await connection.pipeline(pending + read.map {
            PostgresStatement(SimilarityQueries.jobAggregate, [jobs[$0], settings.maxSimilarity], prepared: StatementPreparation.enabled)
        })
        pending = []
        for (index, rows) in zip(read, results.suffix(read.count)) {
            let row = rows[0]
            summaries[index] = JobSimilarity(max: try row.decode(Double.self, at: 0), meanNearest: try row.decode(Double.self, at: 1),
                                             p95Nearest: try row.decode(Double.self, at: 2), redrawn: try row.decode(Int.self, at: 3),
                                             overThreshold: try row.decode(Int.self, at: 4))
        }
        return summaries.map { $0! }
    }
}
