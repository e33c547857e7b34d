import Foundation
import PostgresClient
import Spintax

/// A `"kind": "headlines"` job: fills `headline_inventory` with unused headlines from the title
/// templates × geo × avatar × variant plan, for editors to review before any article exists.
///
/// Job_seq i renders exactly the title an article job with the same spec and seed would give article i
/// (the same coordinates, the same per-combination unique plan), so headlines are distinct within a
/// combination. A batch inserts only headlines the campaign's inventory does not hold yet (used or
/// not), under a per-campaign transaction lock, so running the same job twice, or two jobs at once,
/// adds each headline once.
final class PreparedHeadlineJob: PreparedGeneration {
    let job: JobRecord
    let spec: JobSpec
    let data: CampaignData
    let binder: VariableBinder
    let plan: GenerationPlan
    let seed: UInt64
    let titles: [CompiledTemplate]
    /// One unique plan per title template (seed 0), reseeded per combination.
    let titlePlans: [UniqueBatchPlan]

    var targetQuantity: Int { job.targetQuantity }

    /// - Throws: `GenerationError` (`.capacity`) when a template has too few variants per combination.
    init(job: JobRecord, spec: JobSpec, data: CampaignData, binder: VariableBinder, titles: [CompiledTemplate]) throws(GenerationError) {
        self.job = job
        self.spec = spec
        self.data = data
        self.binder = binder
        self.seed = spec.effectiveSeed(jobID: job.id)
        self.titles = titles
        let plan = GenerationPlan(
            geoCount: data.geo.count, avatarCount: max(1, data.avatars.count), variantCount: max(1, data.variants.count),
            titleTemplateCount: max(1, titles.count))
        self.plan = plan
        let quantity = max(job.targetQuantity, 1)
        let repetitions = UInt64(plan.repetitions(forQuantity: quantity))
        var plans: [UniqueBatchPlan] = []
        for title in titles {
            do {
                plans.append(try UniqueBatchPlan(template: title.template, quantity: repetitions, seed: 0))
            } catch {
                let space = PreparedCampaignJob.keySpace(title.template)
                throw GenerationError(.capacity, "\(title.row.name) has \(title.template.count) title variants (key space \(space)) per place and persona; \(repetitions) needed for \(quantity) headlines over \(plan.combinations ?? 0) combinations", diagnostics: [
                    GenerationDiagnostic(code: "E_CAPACITY", message: "template has \(space) top-level variants; \(repetitions) requested",
                                         templateKind: title.row.kind, templateID: title.row.id, templateName: title.row.name)])
            }
        }
        self.titlePlans = plans
    }

    func render(_ range: Range<Int>) throws -> RenderedBatch {
        var headlines: [String] = []
        headlines.reserveCapacity(range.count)
        var buffer: [UInt8] = []
        for index in range {
            let coordinates = plan.coordinates(of: index)
            // The pain point an article job would draw for this index, so the titles agree.
            let painPoints = data.avatars.isEmpty ? 0 : data.avatars[coordinates.avatar].painPoints.count
            let painPoint = painPoints > 1
                ? Int(SpintaxHash.draw(seed: seed, article: UInt64(index), groupID: PreparedCampaignJob.painPointGroupID, count: UInt64(painPoints)))
                : 0
            let values = binder.values(geo: coordinates.geo, avatar: coordinates.avatar, variant: coordinates.variant, painPoint: painPoint).values
            let compiled = titles[coordinates.titleTemplate]
            let resolved: ResolvedBinding
            do {
                resolved = try compiled.template.resolve(compiled.binding(from: values))
            } catch {
                let source = Array(compiled.row.text.utf8)
                throw GenerationError(.validationFailed, "headline \(index): \(error.message)", diagnostics: error.diagnostics.map {
                    GenerationPreflight.diagnostic($0, row: compiled.row, source: source)
                })
            }
            buffer.removeAll(keepingCapacity: true)
            titlePlans[coordinates.titleTemplate].reseeded(SpintaxHash.mix64(seed ^ UInt64(coordinates.combination)))
                .render(index: UInt64(coordinates.repetition), binding: resolved, into: &buffer)
            headlines.append(PreparedCampaignJob.finishTitle(buffer))
        }
        return RenderedBatch(range: range, articles: [], headlines: headlines)
    }

    func write(_ batch: RenderedBatch, on connection: isolated PostgresConnection) async throws -> BatchWriteSummary {
        let campaign = data.campaign.id
        try await connection.execute(GenerationQueries.lockHeadlineInventory, [campaign.uuidString.lowercased()])
        let inserted = try await connection.query(GenerationQueries.insertNewHeadlines, [campaign, CampaignLoader.jsonArray(batch.headlines)])
        var summary = BatchWriteSummary(articles: batch.headlines.count, minWords: 0, meanWords: 0, maxWords: 0, underTarget: 0)
        summary.headlinesInserted = try inserted[0].decode(Int.self, at: 0)
        return summary
    }
}
