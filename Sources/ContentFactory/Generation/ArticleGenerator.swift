import PostgresClient

/// What the queue runtime (and `content-factory generate`) needs from generation: prepare a job once,
/// then render and write it batch by batch.
///
/// The split keeps the queue's rules (claim, lease, fence, retry) out of generation and generation's
/// rules (templates, uniqueness, slugs) out of the queue.
package protocol ArticleGenerator: Sendable {
    /// Loads everything the job needs and validates it (the pre-flight, Docs/Architecture.md#4-prepare).
    ///
    /// Reads only; writes nothing.
    /// - Throws: `GenerationError` (permanent: bad spec, broken template, unbound variable, too small a
    ///   space; its `diagnostics` say what and where), or `PostgresError` (classify it).
    func prepare(job: JobRecord, connection: PostgresConnection) async throws -> any PreparedGeneration
}

/// A job ready to render: templates parsed, rows loaded, plan computed. Immutable and thread-safe, so
/// batches may render concurrently on several cores.
package protocol PreparedGeneration: Sendable {
    /// The job's article count.
    var targetQuantity: Int { get }

    /// Whether a batch's transaction reads nothing an earlier batch of the job writes, so the next
    /// batch may be written on a second connection while the previous one commits (`generate`).
    /// False when a batch reads the job's own rows (related lists, claimed inventory titles) or the
    /// site's fingerprints (the near-duplicate guard, which serialises per site anyway).
    var commitsIndependently: Bool { get }

    /// Renders the articles with indices in `range` (job_seq values). Pure CPU work, no database: the
    /// result for a range never depends on which other ranges were rendered, in which order, or on how
    /// many threads (Docs/Templates.md#determinism).
    ///
    /// - Throws: `GenerationError` (permanent), e.g. a uniqueness collision.
    func render(_ range: Range<Int>) throws -> RenderedBatch

    /// Commits a rendered batch (articles, with `job_id`/`job_seq`, and their `headline_inventory`
    /// rows) in a transaction of its own, together with the caller's `statements`, in as few round
    /// trips as it can (typically two).
    ///
    /// - Throws: `PostgresError` (e.g. 23505 on a slug race with another process: redo the batch),
    ///   `GenerationError` (e.g. the headline inventory ran out). Nothing of the batch is stored then.
    func commit(_ batch: RenderedBatch, with statements: BatchStatements, on connection: PostgresConnection) async throws -> BatchCommit

    /// Commits this job's batch together with other jobs' in one transaction, when jobs of this kind
    /// can be (jobs claimed together share the site and filters). `others` pairs each other job with
    /// its batch; `leading` holds one statement per job, this one first, each of which must return a
    /// row; `trailing` is given each job's summary in the same order.
    ///
    /// - Returns: nil when this kind of job commits alone (nothing was sent).
    /// - Throws: as `commit`; nothing of any batch is stored then.
    func commitTogether(_ batch: RenderedBatch, with others: [(any PreparedGeneration, RenderedBatch)], leading: [PostgresStatement],
                        trailing: @escaping @Sendable ([BatchWriteSummary]) throws -> [PostgresStatement],
                        on connection: PostgresConnection) async throws -> GroupCommit?
}

extension PreparedGeneration {
    /// By default a batch's transaction waits for the previous one.
    package var commitsIndependently: Bool { false }

    /// By default a job commits alone.
    package func commitTogether(_ batch: RenderedBatch, with others: [(any PreparedGeneration, RenderedBatch)], leading: [PostgresStatement],
                        trailing: @escaping @Sendable ([BatchWriteSummary]) throws -> [PostgresStatement],
                        on connection: PostgresConnection) async throws -> GroupCommit? {
        nil
    }
}
