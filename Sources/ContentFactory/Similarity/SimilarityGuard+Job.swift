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

    /// Each job's aggregate over every fingerprint it wrote (call after its last batch's fingerprints),
    /// in order, in one round trip.
    ///
    /// - Throws: `PostgresError`.
    func jobSummaries(of jobs: [UUID], on connection: isolated PostgresConnection) async throws -> [JobSimilarity] {
        guard !jobs.isEmpty else { return [] }
        let results = try await connection.pipeline(jobs.map {
            PostgresStatement(SimilarityQueries.jobAggregate, [$0, settings.maxSimilarity], prepared: StatementPreparation.enabled)
        })
        return try results.map { rows in
            let row = rows[0]
            return JobSimilarity(max: try row.decode(Double.self, at: 0), meanNearest: try row.decode(Double.self, at: 1),
                                 p95Nearest: try row.decode(Double.self, at: 2), redrawn: try row.decode(Int.self, at: 3),
                                 overThreshold: try row.decode(Int.self, at: 4))
        }
    }
}
