import Foundation
import PostgresClient

/// Runs one job in the foreground without the queue (`content-factory generate`): resumes at
/// `current_offset`, renders each batch on every core, and commits it in one transaction together
/// with the job's progress. There is no lease: do not run it on a job a daemon owns (the unique
/// `(job_id, job_seq)` index would refuse the duplicate batch, and the command would stop).
package struct ForegroundGeneration: Sendable {
    /// Progress after each committed batch.
    package struct Progress: Sendable {
        package var committed: Int
        package var total: Int
        package var summary: BatchWriteSummary
        package var batchSeconds: Double
    }

    let generator: any ArticleGenerator
    let renderer: BatchRenderer

    package init(generator: any ArticleGenerator = CampaignArticleGenerator(), threads: Int) {
        self.generator = generator
        self.renderer = BatchRenderer(parallelism: threads)
    }

    /// Loads a job by id.
    ///
    /// - Throws: `GenerationError` (`.missingData`) when there is no such job; `PostgresError`.
    package static func loadJob(_ id: UUID, connection: PostgresConnection) async throws -> JobRecord {
        guard let row = try await connection.query(GenerationQueries.job, [id]).first else {
            throw GenerationError(.missingData, "job \(id.uuidString.lowercased()) does not exist")
        }
        return try JobRecord(row: row)
    }

    /// Generates every remaining batch of `job`.
    ///
    /// - Parameter companion: opens a second connection (closed at the end). When the job's batches
    ///   commit independently (`PreparedGeneration.commitsIndependently`) and there are two or more,
    ///   batches alternate between the two connections: a batch starts once the previous batch's
    ///   slugs are chosen, and its rows are written while the previous batch commits, so the server
    ///   works on two at once. Each batch sends its COMMIT only after the previous batch's COMMIT
    ///   succeeded (`BatchOrdering`), so `current_offset` and resuming are as with one.
    /// - Throws: `GenerationError` (nothing of the failing batch is written), `PostgresError`.
    package func run(job: JobRecord, connection: PostgresConnection,
                     companion: (@Sendable () async throws -> PostgresConnection)? = nil,
                     progress: (Progress) -> Void) async throws {
        // Statement after statement on the connection's own thread, like the queue's runner: on the
        // cooperative pool, each return from a statement waited for a core the batch rendering
        // ahead held (a fifth of a batch's time with the server idle).
        try await withTaskExecutorPreference(connection.taskExecutor) {
            try await generate(job: job, connection: connection, companion: companion, progress: progress)
        }
    }

    private func generate(job: JobRecord, connection: PostgresConnection, companion: (@Sendable () async throws -> PostgresConnection)?,
                          progress: (Progress) -> Void) async throws {
        let prepared = try await generator.prepare(job: job, connection: connection)
        let total = job.targetQuantity
        let overlapping = prepared.commitsIndependently && total - job.currentOffset > max(1, job.batchSize)
        // Without a second connection (refused, or over the server's limit) the batches go one by one.
        var second: PostgresConnection?
        if overlapping, let companion { second = try? await companion() }
        @Sendable func statements(_ batch: RenderedBatch, ordering: BatchOrdering? = nil) -> BatchStatements {
            let next = batch.range.upperBound
            var statements = BatchStatements(leading: nil) { _ in
                [PostgresStatement(GenerationQueries.foregroundProgress, [job.id, next, Int(Int64(next) * 100 / Int64(total))],
                                   prepared: StatementPreparation.enabled)]
            }
            statements.ordering = ordering
            return statements
        }
        func report(_ summary: BatchWriteSummary, _ batch: RenderedBatch, started: ContinuousClock.Instant) {
            let elapsed = ContinuousClock.now - started
            progress(Progress(committed: batch.range.upperBound, total: total, summary: summary,
                              batchSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
        var overlapped = second.map { OverlappedCommits<BatchCommit>(connection, $0) { if case .committed = $0 { true } else { false } } }
        do {
            let loop = BatchLoop(renderer: renderer)
            let finished = try await loop.run(prepared, from: job.currentOffset, to: total, batchSize: job.batchSize) { batch, started in
                guard overlapped != nil else {
                    guard case .committed(let summary, _) = try await prepared.commit(batch, with: statements(batch), on: connection) else {
                        return .stop
                    }
                    report(summary, batch, started: started)
                    return .next
                }
                let landed = await overlapped!.submit(batch, started: started) { ordering, target in
                    try await prepared.commit(batch, with: statements(batch, ordering: ordering), on: target)
                }
                guard let landed else { return .next }
                guard case .committed(let summary, _) = try landed.result.get() else {
                    _ = await overlapped!.abandon()  // rolled back before its COMMIT
                    return .stop
                }
                report(summary, landed.batch, started: landed.started)
                return .next
            }
            if finished, let last = await overlapped?.land(), case .committed(let summary, _) = try last.result.get() {
                report(summary, last.batch, started: last.started)
            }
        } catch {
            // The batch in flight commits if the one before it did, as it would have with one connection.
            _ = await overlapped?.land()
            await second?.close()
            throw error
        }
        _ = await overlapped?.land()
        await second?.close()
    }
}
