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

    /// `explain` and `lint` for a headline job: the title plan and a few of its headlines.
    func headlineReport(job: JobRecord, connection: PostgresConnection) async throws -> Report {
        let prepared = try await prepareHeadlineJob(job: job, spec: try Self.spec(of: job), connection: connection)
        var report = Report(diagnostics: [], explanation: [:], explanationOrder: [])
        func add(_ key: String, _ value: String) {
            report.explanationOrder.append(key)
            report.explanation[key] = value
        }
        let plan = prepared.titles.generation
        add("kind", "headlines (fills headline_inventory; writes no article)")
        add("campaign", "\(prepared.data.campaign.name) (\(prepared.data.campaign.id.uuidString.lowercased()))")
        add("seed", String(prepared.seed))
        add("geo", "\(plan.geoCount) rows from \(prepared.data.geoSource.rawValue)")
        add("avatars", prepared.data.avatars.isEmpty ? "none (1)" : String(plan.avatarCount))
        add("variants", prepared.data.variants.isEmpty ? "not crossed (1)" : String(plan.variantCount))
        add("title templates", prepared.titles.titles.map(\.row.name).joined(separator: ", "))
        add("combinations", plan.combinations.map(String.init) ?? "overflow")
        add("quantity", String(job.targetQuantity))
        add("repetitions per combination", String(prepared.titles.titleRepetitions))
        add("title key space", prepared.titles.titleSpace.map(String.init) ?? "-")
        let sample = try prepared.render(0..<min(3, max(job.targetQuantity, 0)))
        add("first headlines", sample.headlines.joined(separator: " | "))
        return report
    }
}
