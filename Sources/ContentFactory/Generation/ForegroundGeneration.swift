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
    /// - Throws: `GenerationError` (nothing of the failing batch is written), `PostgresError`.
    package func run(job: JobRecord, connection: PostgresConnection, progress: (Progress) -> Void) async throws {
        // Statement after statement on the connection's own thread, like the queue's runner: on the
        // cooperative pool, each return from a statement waited for a core the batch rendering
        // ahead held (a fifth of a batch's time with the server idle).
        try await withTaskExecutorPreference(connection.taskExecutor) {
            try await generate(job: job, connection: connection, progress: progress)
        }
    }

    private func generate(job: JobRecord, connection: PostgresConnection, progress: (Progress) -> Void) async throws {
        let prepared = try await generator.prepare(job: job, connection: connection)
        let total = job.targetQuantity
        _ = try await BatchLoop(renderer: renderer).run(prepared, from: job.currentOffset, to: total, batchSize: job.batchSize) { batch, started in
            let next = batch.range.upperBound
            let statements = BatchStatements(leading: nil) { _ in
                [PostgresStatement(GenerationQueries.foregroundProgress, [job.id, next, Int(Int64(next) * 100 / Int64(total))])]
            }
            guard case .committed(let summary, _) = try await prepared.commit(batch, with: statements, on: connection) else {
                return .stop
            }
            let elapsed = ContinuousClock.now - started
            progress(Progress(committed: next, total: total, summary: summary,
                              batchSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            return .next
        }
    }
}
