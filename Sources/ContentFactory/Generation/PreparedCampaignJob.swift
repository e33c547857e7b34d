import Foundation
import PostgresClient
import Spintax

/// A validated job, ready to render articles in any order and on any thread (Docs/Jobs.md#the-plan).
///
/// Each concern has its own home: `ArticlePlan` decides what every article is made of (and refuses a
/// job larger than its space), `ArticleAssembler` turns that into title, HTML and schema,
/// `BodyDigestLedger` verifies that no body repeats, and `ArticleBatchWriter` writes.
final class PreparedCampaignJob: PreparedGeneration {
    let job: JobRecord
    let spec: JobSpec
    let data: CampaignData
    let binder: VariableBinder
    let plan: ArticlePlan
    let assembler: ArticleAssembler
    let ledger: BodyDigestLedger
    /// The pre-flight's warnings (it found no error, or the job would not have been prepared).
    let preflightWarnings: [GenerationDiagnostic]
    /// Collision suffixes given so far, shared by the generator's jobs.
    let slugHints: SlugHints

    var targetQuantity: Int { job.targetQuantity }
    var seed: UInt64 { plan.seed }

    /// - Throws: `GenerationError` (`.capacity`) naming the space and the quantity.
    init(job: JobRecord, spec: JobSpec, data: CampaignData, binder: VariableBinder, preflight: GenerationPreflight.Outcome,
         slugHints: SlugHints = SlugHints()) throws(GenerationError) {
        self.job = job
        self.slugHints = slugHints
        self.spec = spec
        self.data = data
        self.binder = binder
        self.preflightWarnings = preflight.diagnostics
        let plan = try ArticlePlan(spec: spec, data: data, preflight: preflight, quantity: job.targetQuantity, seed: spec.effectiveSeed(jobID: job.id))
        self.plan = plan
        self.assembler = ArticleAssembler(plan: plan, data: data, headlineSource: spec.headlineSource, datePublished: Self.iso8601(job.createdAt))
        self.ledger = BodyDigestLedger(expectedCount: job.targetQuantity)
    }

    /// `2025-03-01T12:00:00Z`: the job's creation time in UTC, to the second (a formatter object per
    /// job cost more than the rest of a one-article job's preparation).
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    func render(_ range: Range<Int>) throws -> RenderedBatch {
        var articles: [RenderedArticle] = []
        articles.reserveCapacity(range.count)
        var buffers = RenderBuffers()
        for index in range {
            var article = try renderArticle(index, alternate: 0, buffers: &buffers)
            if spec.similarity.isEnabled { article.fingerprint = ArticleFingerprint(article: article) }
            articles.append(article)
        }
        return RenderedBatch(range: range, articles: articles)
    }

    /// Reused storage for one thread's articles.
    typealias RenderBuffers = ArticleAssembler.Buffers

    /// Article `index` as planned (`alternate` 0), or its `alternate`-th deterministic replacement: the
    /// same title, place and persona, a body from another key of the space (one no planned article of
    /// the job has, while spare keys last) and fresh draws for the offer block and drawn groups.
    /// A pure function of the job and its arguments.
    ///
    /// - Throws: `GenerationError` (`.validationFailed`) when a template cannot be resolved with the
    ///   article's values.
    func renderArticle(_ index: Int, alternate: Int = 0, buffers: inout RenderBuffers) throws(GenerationError) -> RenderedArticle {
        let coordinates = plan.coordinates(of: index)
        let painPoint = plan.painPoint(of: index, avatar: coordinates.avatar)
        let values = binder.values(geo: coordinates.geo, avatar: coordinates.avatar, variant: coordinates.variant, painPoint: painPoint).values
        plan.sectionChoices(of: index, alternate: alternate, into: &buffers.choices, picks: &buffers.picks)
        return try assembler.article(index, coordinates: coordinates, values: values, buffers: &buffers)
    }

    func commit(_ batch: RenderedBatch, with statements: BatchStatements, on connection: PostgresConnection) async throws -> BatchCommit {
        try await ArticleBatchWriter(prepared: self).commit(batch, with: statements, on: connection)
    }

    /// Records the bodies in the job's ledger; a repeat is an error naming both articles.
    func verifyDistinct(_ batch: RenderedBatch) throws(GenerationError) {
        try ledger.record(batch)
    }
}
