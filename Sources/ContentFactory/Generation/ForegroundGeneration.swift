import Foundation
import PostgresClient

/// Runs one job in the foreground without the queue (`content-factory generate`): resumes at
/// `current_offset`, renders each batch on every core, and commits it in one transaction together
/// with the job's progress. There is no lease: do not run it on a job a daemon owns (the unique
/// `(job_id, job_seq)` index would refuse the duplicate batch, and the command would stop).
public struct ForegroundGeneration: Sendable {
    /// Progress after each committed batch.
    public struct Progress: Sendable {
        public var committed: Int
        public var total: Int
        public var summary: BatchWriteSummary
        public var batchSeconds: Double
    }

    let generator: any ArticleGenerator
    let renderer: BatchRenderer

    public init(generator: any ArticleGenerator = CampaignArticleGenerator(), threads: Int) {
        self.generator = generator
        self.renderer = BatchRenderer(parallelism: threads)
    }

    /// Loads a job by id.
    ///
    /// - Throws: `GenerationError` (`.missingData`) when there is no such job; `PostgresError`.
    public static func loadJob(_ id: UUID, connection: PostgresConnection) async throws -> JobRecord {
        guard let row = try await connection.query(GenerationQueries.job, [id]).first else {
            throw GenerationError(.missingData, "job \(id.uuidString.lowercased()) does not exist")
        }
        return try JobRecord(row: row)
    }

    /// Generates every remaining batch of `job`.
    ///
    /// - Throws: `GenerationError` (nothing of the failing batch is written), `PostgresError`.
    public func run(job: JobRecord, connection: PostgresConnection, progress: (Progress) -> Void) async throws {
        let prepared = try await generator.prepare(job: job, connection: connection)
        var offset = job.currentOffset
        let total = job.targetQuantity
        let batchSize = max(1, job.batchSize)
        let clock = ContinuousClock()
        let renderer = self.renderer
        // Batch n+1 renders while batch n commits, as in the queue's JobRunner.
        func render(from start: Int) -> Task<RenderedBatch, any Error> {
            Task { try await renderer.render(start..<min(start + batchSize, total), of: prepared) }
        }
        var pending: Task<RenderedBatch, any Error>? = offset < total ? render(from: offset) : nil
        defer { pending?.cancel() }
        while let rendering = pending {
            let started = clock.now
            let batch = try await rendering.value
            let next = batch.range.upperBound
            pending = next < total ? render(from: next) : nil
            let summary = try await connection.withTransaction { transaction in
                let summary = try await prepared.write(batch, on: transaction)
                try await transaction.execute(GenerationQueries.foregroundProgress, [job.id, next, Int(Int64(next) * 100 / Int64(total))])
                return summary
            }
            offset = next
            let elapsed = clock.now - started
            progress(Progress(committed: offset, total: total, summary: summary,
                              batchSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
    }
}
