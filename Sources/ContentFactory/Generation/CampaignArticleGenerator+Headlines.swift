import Foundation
import PostgresClient

extension CampaignArticleGenerator {
    /// A `"kind": "headlines"` job: only its title templates are checked and planned.
    ///
    /// - Throws: `GenerationError` with every diagnostic; `PostgresError`.
    func prepareHeadlineJob(job: JobRecord, spec: JobSpec, connection: PostgresConnection) async throws -> PreparedHeadlineJob {
        let data = try await loader.load(spec: spec, siteID: job.siteID, connection: connection)
        let binder = VariableBinder(data: data, spec: spec, createdAt: job.createdAt)
        let outcome = GenerationPreflight(data: data, spec: spec, binder: binder, seed: spec.effectiveSeed(jobID: job.id), cache: templates).run()
        if outcome.hasErrors {
            let errors = outcome.diagnostics.filter { $0.severity == .error }
            throw GenerationError(.validationFailed, "\(errors.count) error\(errors.count == 1 ? "" : "s") in the job's title templates or data; first: \(errors[0])", diagnostics: outcome.diagnostics)
        }
        return try PreparedHeadlineJob(job: job, spec: spec, data: data, binder: binder, titles: outcome.titles)
    }
}
