import PostgresClient

/// Writes a job's batches alternately on two connections, so the server works on two at once: a
/// batch's transaction starts once the previous batch's slugs are chosen, its rows are written while
/// the previous batch commits, and it sends its COMMIT only after the previous batch's COMMIT
/// succeeded (`BatchOrdering`). So batches still commit in order, a batch never commits when the one
/// before it did not, and `current_offset` and resuming are as with one connection.
///
/// Used by `generate` (`ForegroundGeneration`) and the queue (`JobRunner`) for jobs whose batches
/// commit independently (`PreparedGeneration.commitsIndependently`).
struct OverlappedCommits<Outcome: Sendable> {
    /// A batch whose transaction ended.
    struct Landed {
        var batch: RenderedBatch
        /// When the batch's wait for rendering began (for its reported duration).
        var started: ContinuousClock.Instant
        var result: Result<Outcome, any Error>
    }

    /// One batch whose transaction is under way on a task of its own.
    private struct InFlight {
        var batch: RenderedBatch
        var started: ContinuousClock.Instant
        var commit: Task<Outcome, any Error>
        /// Ends once the batch's slugs are chosen (or its transaction failed before that).
        var slugsChosen: AsyncStream<Void>
    }

    private let connections: [PostgresConnection]
    /// Whether an outcome is a commit (not a refusal): a refused batch's successor rolls back.
    private let isCommitted: @Sendable (Outcome) -> Bool
    private var inFlight: InFlight?
    private var next = 0

    /// - Parameters:
    ///   - isCommitted: whether a batch's outcome is a commit; the next batch rolls back when not.
    init(_ first: PostgresConnection, _ second: PostgresConnection, isCommitted: @escaping @Sendable (Outcome) -> Bool) {
        connections = [first, second]
        self.isCommitted = isCommitted
    }

    /// Starts `batch`'s transaction (`commit`, given its ordering and connection) on the next
    /// connection, then waits for the previous batch's transaction and returns how it ended (nil for
    /// the first batch). When it did not commit, this batch rolls back: call `abandon()`.
    mutating func submit(_ batch: RenderedBatch, started: ContinuousClock.Instant,
                         commit: @escaping @Sendable (BatchOrdering, PostgresConnection) async throws -> Outcome) async -> Landed? {
        let target = connections[next]
        next = 1 - next
        let previous = inFlight
        let isCommitted = self.isCommitted
        let (slugsChosen, chosen) = AsyncStream<Void>.makeStream()
        let ordering = BatchOrdering(slugsChosen: { chosen.finish() }, previousCommitted: {
            if let previous, !isCommitted(try await previous.commit.value) { throw CancellationError() }
        })
        let task = Task(executorPreference: target.taskExecutor) {
            defer { chosen.finish() }
            // Starts once the previous batch's slugs are final, so this one's are chosen above them.
            if let previous { for await _ in previous.slugsChosen {} }
            return try await commit(ordering, target)
        }
        inFlight = InFlight(batch: batch, started: started, commit: task, slugsChosen: slugsChosen)
        guard let previous else { return nil }
        return await Self.wait(for: previous, cancelling: task)
    }

    /// Waits for the batch in flight, if any (it commits if the batch before it did), and returns how
    /// it ended.
    mutating func land() async -> Landed? {
        guard let last = inFlight else { return nil }
        inFlight = nil
        return await Self.wait(for: last, cancelling: nil)
    }

    /// Interrupts the batch in flight, if any, and returns how it ended: rolled back, unless its
    /// COMMIT had already gone.
    mutating func abandon() async -> Landed? {
        inFlight?.commit.cancel()
        return await land()
    }

    /// A cancelled caller cancels both transactions (they roll back) and still waits for them to end,
    /// so neither connection is left in the middle of one.
    private static func wait(for flight: InFlight, cancelling other: Task<Outcome, any Error>?) async -> Landed {
        let result = await withTaskCancellationHandler {
            await flight.commit.result
        } onCancel: {
            flight.commit.cancel()
            other?.cancel()
        }
        return Landed(batch: flight.batch, started: flight.started, result: result)
    }
}
