import Foundation
import PostgresClient

extension SimilarityGuard {
    /// The guard of a prepared job; nil when its `max_similarity` is 1.
    init?(job prepared: PreparedCampaignJob) {
        guard prepared.spec.similarity.isEnabled else { return nil }
        self.init(settings: prepared.spec.similarity, siteID: prepared.data.site.id, jobID: prepared.job.id)
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

    /// The job's aggregate over every fingerprint it wrote, this batch's included (call in the last
    /// batch). When the batch is the whole job (`wholeJob`), from its own records, with no round trip;
    /// else read from `article_fingerprints` after `pending` (the batch's statements still to run: its
    /// rows and `writeFingerprints`), in the same round trip, and `pending` is emptied.
    ///
    /// - Throws: `PostgresError`.
    func jobSummary(_ articles: [RenderedArticle], records: [Record], wholeJob: Bool, pending: inout [PostgresStatement],
                    on connection: isolated PostgresConnection) async throws -> JobSimilarity {
        if wholeJob {
            let written = articles.indices.filter { articles[$0].fingerprint != nil }
            return JobSimilarity(nearest: written.map { records[$0].nearest }, redrawn: written.reduce(0) { $0 + records[$1].redrawn },
                                 threshold: settings.maxSimilarity)
        }
        let results = try await connection.pipeline(pending + [PostgresStatement(SimilarityQueries.jobAggregate, [jobID, settings.maxSimilarity])])
        pending = []
        let row = results[results.count - 1][0]
        return JobSimilarity(max: try row.decode(Double.self, at: 0), meanNearest: try row.decode(Double.self, at: 1),
                             p95Nearest: try row.decode(Double.self, at: 2), redrawn: try row.decode(Int.self, at: 3),
                             overThreshold: try row.decode(Int.self, at: 4))
    }
}
