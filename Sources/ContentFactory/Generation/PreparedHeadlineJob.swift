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
    let titles: TitlePlan

    var targetQuantity: Int { job.targetQuantity }
    var seed: UInt64 { titles.seed }

    /// - Throws: `GenerationError` (`.capacity`) when the titles have fewer variants than the job needs.
    init(job: JobRecord, spec: JobSpec, data: CampaignData, binder: VariableBinder, titles: [CompiledTemplate]) throws(GenerationError) {
        self.job = job
        self.spec = spec
        self.data = data
        self.binder = binder
        let generation = GenerationPlan(
            geoCount: data.geo.count, avatarCount: max(1, data.avatars.count), variantCount: max(1, data.variants.count),
            titleTemplateCount: max(1, titles.count))
        self.titles = try TitlePlan(headlineSource: .spintax, titles: titles, generation: generation,
                                    quantity: max(job.targetQuantity, 1), seed: spec.effectiveSeed(jobID: job.id))
    }

    func render(_ range: Range<Int>) throws -> RenderedBatch {
        var headlines: [String] = []
        headlines.reserveCapacity(range.count)
        var buffer: [UInt8] = []
        for index in range {
            let coordinates = titles.coordinates(of: index)
            // The pain point an article job draws for this index, so the titles agree.
            let painPoints = data.avatars.isEmpty ? 0 : data.avatars[coordinates.avatar].painPoints.count
            let painPoint = painPoints > 1
                ? Int(SpintaxHash.draw(seed: seed, article: UInt64(index), groupID: ArticlePlan.painPointGroupID, count: UInt64(painPoints)))
                : 0
            let values = binder.values(geo: coordinates.geo, avatar: coordinates.avatar, variant: coordinates.variant, painPoint: painPoint).values
            let resolved = try ArticleAssembler.resolve(titles.titles[coordinates.titleTemplate], values, article: index)
            headlines.append(titles.title(at: coordinates, binding: resolved, buffer: &buffer))
        }
        return RenderedBatch(range: range, articles: [], headlines: headlines)
    }

    /// The fence, the inventory lock and the insert in the transaction's first round trip; the
    /// caller's trailing statements and COMMIT in its second.
    func commit(_ batch: RenderedBatch, with statements: BatchStatements, on connection: PostgresConnection) async throws -> BatchCommit {
        let campaign = data.campaign.id
        var opening: [PostgresStatement] = []
        if let leading = statements.leading { opening.append(leading) }
        opening.append(PostgresStatement(GenerationQueries.lockHeadlineInventory, [campaign.uuidString.lowercased()]))
        opening.append(PostgresStatement(GenerationQueries.insertNewHeadlines, [campaign, CampaignLoader.jsonArray(batch.headlines)]))
        let hasLeading = statements.leading != nil
        return try await connection.withPipelinedTransaction(opening: opening) { connection, rows in
            var leadingRow: PostgresRow?
            if hasLeading {
                // The fence matched nothing: the insert is rolled back with the rest.
                guard let row = rows[0].first else { return .rollBack(.refused) }
                leadingRow = row
            }
            var summary = BatchWriteSummary(articles: batch.headlines.count, minWords: 0, meanWords: 0, maxWords: 0, underTarget: 0)
            summary.headlinesInserted = try rows[rows.count - 1][0].decode(Int.self, at: 0)
            if let ordering = statements.ordering {
                ordering.slugsChosen()
                guard case .commit(let fence) = try await ordering.takeTurn(on: connection) else { return .rollBack(.refused) }
                if let fence { leadingRow = fence }
            }
            return .commit(closing: try statements.trailing(summary), value: .committed(summary, fence: leadingRow))
        }
    }
}
