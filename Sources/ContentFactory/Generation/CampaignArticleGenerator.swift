import Foundation
import PostgresClient

/// The real `ArticleGenerator`: loads a campaign's rows, runs the pre-flight, and prepares the plan.
package struct CampaignArticleGenerator: ArticleGenerator {
    /// What `lint` and `explain` show (`GenerationReport` builds it).
    package typealias Report = GenerationReport

    let loader = CampaignLoader()
    /// Shared by every job this generator prepares (a daemon makes one generator).
    let templates = TemplateCache()
    /// Prepared campaigns by content version, shared by every job this generator prepares.
    let campaigns: PreparedCampaignCache
    private let slugHints = SlugHints()

    package init() {
        campaigns = PreparedCampaignCache()
    }

    /// - Parameter campaigns: the prepared-campaign cache (tests pass a small one).
    init(campaigns: PreparedCampaignCache) {
        self.campaigns = campaigns
    }

    package func prepare(job: JobRecord, connection: PostgresConnection) async throws -> any PreparedGeneration {
        let spec = try Self.spec(of: job)
        if spec.kind == .headlines {
            return try await prepareHeadlineJob(job: job, spec: spec, connection: connection)
        }
        return try FinishedCampaignJob(base: try await prepareCampaignJob(job: job, connection: connection))
    }

    /// As `prepare`, with the concrete type (tests, `explain`).
    ///
    /// - Throws: `GenerationError` with every diagnostic; `PostgresError`.
    func prepareCampaignJob(job: JobRecord, connection: PostgresConnection) async throws -> PreparedCampaignJob {
        let spec = try Self.spec(of: job)
        let seed = spec.effectiveSeed(jobID: job.id)
        let key = PreparedCampaignCache.key(of: job)
        let data: CampaignData, binder: VariableBinder, outcome: GenerationPreflight.Outcome
        if let key, let hit = campaigns.entry(for: key) {
            (data, binder, outcome) = (hit.data, hit.binder, hit.preflight.reseeded(jobSeed: seed))
        } else {
            data = try await loader.load(spec: spec, siteID: job.siteID, connection: connection)
            binder = VariableBinder(data: data, spec: spec, createdAt: job.createdAt)
            var checked = GenerationPreflight(data: data, spec: spec, binder: binder, seed: seed, cache: templates).run()
            checked.diagnostics += LinkPreflight.diagnostics(data.linkTargets)
            outcome = checked
            if let key {
                campaigns.store(.init(data: data, binder: binder, preflight: outcome,
                                      bytes: PreparedCampaignCache.estimatedBytes(data)), for: key)
            }
        }
        if outcome.hasErrors {
            let errors = outcome.diagnostics.filter { $0.severity == .error }
            if errors.allSatisfy({ $0.code == GenerationError.Code.link.rawValue }) {
                throw GenerationError(.link, errors[0].message + (errors.count > 1 ? " (and \(errors.count - 1) more link_targets rows)" : ""),
                                      diagnostics: outcome.diagnostics)
            }
            throw GenerationError(.validationFailed, "\(errors.count) error\(errors.count == 1 ? "" : "s") in the job's templates or data; first: \(errors[0])", diagnostics: outcome.diagnostics)
        }
        if spec.headlineSource == .inventory {
            // Checked up front so a job does not stop half way; concurrent jobs can still take headlines
            // meanwhile, and the batch that finds too few fails with the same code.
            let remaining = job.targetQuantity - job.currentOffset
            let unused = try await connection.query(GenerationQueries.unusedHeadlines, [data.campaign.id])[0].decode(Int.self, at: 0)
            if unused < remaining {
                throw GenerationError(.inventoryExhausted, "campaign \(data.campaign.id.uuidString.lowercased()) has \(unused) unused headlines in headline_inventory; the job needs \(remaining)")
            }
        }
        return try PreparedCampaignJob(job: job, spec: spec, data: data, binder: binder, preflight: outcome, slugHints: slugHints)
    }

    /// The pre-flight and plan of a job, without throwing for what it finds (for `lint` and `explain`).
    ///
    /// - Throws: `PostgresError` only.
    package func report(job: JobRecord, connection: PostgresConnection) async throws -> Report {
        do {
            if try Self.spec(of: job).kind == .headlines {
                return try GenerationReport(headlines: try await prepareHeadlineJob(job: job, spec: try Self.spec(of: job), connection: connection))
            }
            return try GenerationReport(articles: try await prepareCampaignJob(job: job, connection: connection))
        } catch let error as GenerationError {
            var diagnostics = error.diagnostics
            if diagnostics.isEmpty {
                diagnostics = [GenerationDiagnostic(code: error.code.rawValue, message: error.message)]
            }
            return Report(diagnostics: diagnostics)
        }
    }

    /// The job's spec, with errors turned into a permanent `GenerationError`.
    static func spec(of job: JobRecord) throws(GenerationError) -> JobSpec {
        do {
            return try JobSpec(filters: job.filters, jobID: job.id)
        } catch {
            throw GenerationError(.invalidSpec, error.description, diagnostics: [
                GenerationDiagnostic(code: error.code.rawValue, message: error.description, templateKind: "filters")])
        }
    }
}
