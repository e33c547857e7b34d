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

    /// The job's aggregate over every fingerprint it wrote (call after the last batch's fingerprints).
    ///
    /// - Throws: `PostgresError`.
    func jobSummary(on connection: isolated PostgresConnection) async throws -> JobSimilarity {
        let row = try await connection.query(SimilarityQueries.jobAggregate, [jobID, settings.maxSimilarity])[0]
        return JobSimilarity(max: try row.decode(Double.self, at: 0), meanNearest: try row.decode(Double.self, at: 1),
                             p95Nearest: try row.decode(Double.self, at: 2), redrawn: try row.decode(Int.self, at: 3),
                             overThreshold: try row.decode(Int.self, at: 4))
    }
}
