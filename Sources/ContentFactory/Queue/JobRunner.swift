import Foundation
import Logging
import PostgresClient

/// Runs one claimed job on its connection (and, for a large job, a second one: `companion`): prepare,
/// then batch after batch (render outside any transaction, commit fenced), resuming at
/// `current_offset`; then completes, fails, schedules a retry, cancels or releases it
/// (Docs/Jobs.md#states-and-transitions). When the database interrupts the job (lost connection,
/// restart, failover), it reconnects and resumes in place (`JobRunner+Resume.swift`).
///
/// Rendering of batch n+1 overlaps the commit of batch n; with a second connection, so does the
/// writing of its rows (`OverlappedCommits`, Docs/Jobs.md#two-batches-at-once). A stop request (`JobControl`) interrupts the
/// batch in flight when its reason says so; the interrupted transaction rolls back, so nothing of an
/// uncommitted batch is ever stored.
package struct JobRunner: Sendable {
    /// How a job left this worker.
    package enum Outcome: Sendable, Hashable {
        case completed, failed, retryScheduled, cancelled, released
        /// Fenced out: another worker owns the job; this one wrote nothing more.
        case leaseLost
        /// The final transition could not be written (database unreachable); the lease will expire and
        /// a reaper will take the job back.
        case unrecorded
    }

    /// How the batch loop ended, when it did not throw.
    enum WorkEnd: Sendable {
        case completed
        case nothingLeft
        case leaseLost
        case stopped
    }

    package let store: JobStore
    package let generator: any ArticleGenerator
    package let renderer: BatchRenderer
    package let backoff: RetryBackoff
    package let logger: Logger
    /// Times a batch is redone at once after a serialization failure, deadlock or slug race.
    package var batchRedoLimit = 3
    /// Times one run resumes a job in place after the database interrupted it; past that the job is
    /// retried with backoff like any transient failure.
    package var resumeLimit = 20
    /// Opens a second connection for a job whose batches are written beside each other
    /// (`OverlappedCommits`), closed when the job's run ends; nil writes every batch on the job's
    /// connection.
    package var companion: (@Sendable () async throws -> PostgresConnection)?
    /// A run writes its batches beside each other only when more than this many remain: opening the
    /// second connection costs about what writing a small batch does.
    static let overlapMinimumBatches = 3

    /// - Parameters: the store (worker identity), the generator, the renderer, the retry backoff and a logger.
    package init(store: JobStore, generator: any ArticleGenerator, renderer: BatchRenderer, backoff: RetryBackoff, logger: Logger) {
        self.store = store
        self.generator = generator
        self.renderer = renderer
        self.backoff = backoff
        self.logger = logger
    }

    /// Runs `control.job` to its end on `connection`. Never throws: every outcome is recorded in the
    /// database (or left to the reaper) and returned.
    package func run(_ control: JobControl, on connection: PostgresConnection) async -> Outcome {
        let job = control.job
        var logger = self.logger
        logger[metadataKey: "job"] = "\(job.id.uuidString.lowercased())"
        logger[metadataKey: "attempt"] = "\(job.attempt)"
        logger.info("job claimed", metadata: ["offset": "\(job.currentOffset)", "target": "\(job.targetQuantity)"])
        let started = ContinuousClock.now
        var result: Result<WorkEnd, any Error>
        var resumptions = 0
        while true {
            let from = control.committedOffset
            // On the connection's thread: a small job's steps between statements then cost no thread hops.
            let work = Task(executorPreference: connection.taskExecutor) {
                try await self.work(control, from: from, on: connection, started: started)
            }
            control.attach { work.cancel() }
            result = await work.result
            control.detach()
            // The database interrupted the job (not its own fault): resume in place while its row is
            // still its own; a job that keeps being interrupted falls back to a retry with backoff.
            guard case .failure(let error) = result, control.stopReason == nil, resumptions < resumeLimit else { break }
            let failure = JobFailure(classifying: error)
            guard failure.disposition == .interrupted else { break }
            resumptions += 1
            switch await resume(control, after: failure, on: connection, logger: logger) {
            case .resumed:
                continue
            case .completed:
                result = .success(.completed)
            case .leaseLost:
                result = .success(.leaseLost)
            case .stopped:
                break
            }
            break
        }

        if case .success(let end) = result {
            switch end {
            case .completed:
                logger.info("job completed", metadata: ["seconds": "\((ContinuousClock.now - started).seconds)"])
                return .completed
            case .nothingLeft:
                return await finalise(logger, .completed, on: connection) {
                    try await store.complete(job, articles: 0, seconds: 0, on: connection)
                }
            case .leaseLost:
                logger.warning("job lease lost at a batch fence; another worker owns it now")
                return .leaseLost
            case .stopped:
                break
            }
        }
        if let reason = control.stopReason {
            return await stop(control, reason: reason, on: connection, logger: logger)
        }
        guard case .failure(let error) = result else { return .unrecorded }
        let failure = JobFailure(classifying: error)
        let offset = control.committedOffset
        if failure.needsReconnect {
            do {
                try await connection.reconnect()
            } catch {
                logger.error("job failed with a lost connection and reconnecting failed; the lease will expire", metadata: ["error": "\(error)"])
                return .unrecorded
            }
        }
        if failure.disposition == .permanent || job.attempt >= job.maxAttempts {
            logger.error("job failed", metadata: ["error": "\(failure.lastError)", "offset": "\(offset)"])
            return await finalise(logger, .failed, on: connection) {
                try await store.fail(job, offset: offset, failure: failure, on: connection)
            }
        }
        let delay = backoff.delay(afterAttempt: job.attempt)
        logger.warning("job failed transiently; retry scheduled", metadata: [
            "error": "\(failure.lastError)", "offset": "\(offset)", "delay_seconds": "\(Int(delay.seconds))",
        ])
        return await finalise(logger, .retryScheduled, on: connection) {
            try await store.scheduleRetry(job, offset: offset, failure: failure, delay: delay, on: connection)
        }
    }

    /// The batch loop, from `start` (the claimed offset, or where a resumed job stood).
    func work(_ control: JobControl, from start: Int, on connection: PostgresConnection,
              started: ContinuousClock.Instant) async throws -> WorkEnd {
        let job = control.job
        let prepared: any PreparedGeneration
        do {
            prepared = try await generator.prepare(job: job, connection: connection)
        } catch let error as PostgresError where Self.isStrayCancel(error) {
            prepared = try await generator.prepare(job: job, connection: connection)
        }
        let target = job.targetQuantity
        if start >= target { return .nothingLeft }
        var end = WorkEnd.completed
        let totals = CommittedTotals()
        @Sendable func commit(_ batch: RenderedBatch, started batchStarted: ContinuousClock.Instant, ordering: BatchOrdering? = nil,
                              on connection: PostgresConnection) async throws -> JobStore.BatchOutcome {
            let outcome = try await store.commitBatch(batch, of: job, prepared: prepared, started: batchStarted, jobStarted: started,
                                                      committedBefore: batch.range.lowerBound - job.currentOffset,
                                                      totalsBefore: { totals.current }, ordering: ordering, on: connection)
            if case .committed(let summary, _) = outcome { totals.add(summary) }
            return outcome
        }
        /// Records a committed batch, or the lease lost; `.stop` ends the loop.
        func record(_ outcome: JobStore.BatchOutcome, of batch: RenderedBatch, started batchStarted: ContinuousClock.Instant) -> BatchLoop.Step {
            switch outcome {
            case .leaseLost:
                control.stop(.leaseLost)
                end = .leaseLost
                return .stop
            case .committed(let summary, let cancelRequested):
                QueueMetrics.batchCommitted(articles: summary.articles, duration: ContinuousClock.now - batchStarted)
                control.batchCommitted(offset: batch.range.upperBound)
                if batch.range.upperBound < target && cancelRequested { control.stop(.cancelRequested) }
                return .next
            }
        }
        /// One batch alone on `connection`, redone at once after a transient failure.
        func commitAlone(_ batch: RenderedBatch, started batchStarted: ContinuousClock.Instant) async throws -> BatchLoop.Step {
            record(try await redoing { try await commit(batch, started: batchStarted, on: connection) }, of: batch, started: batchStarted)
        }

        // A job of several batches that commit independently writes them on two connections at once
        // (`OverlappedCommits`); without a second connection (none configured, refused, over the
        // server's limit) they go one by one. A job of a few batches is not worth opening one for.
        var second: PostgresConnection?
        if prepared.commitsIndependently, target - start > Self.overlapMinimumBatches * max(1, job.batchSize), let companion {
            do {
                second = try await companion()
            } catch {
                logger.notice("no second connection for the job's batches; they go one by one", metadata: [
                    "job": "\(job.id.uuidString.lowercased())", "error": "\(error)",
                ])
            }
        }
        var overlapped = second.map {
            OverlappedCommits<JobStore.BatchOutcome>(connection, $0) { if case .committed = $0 { true } else { false } }
        }
        /// Records a batch that was written beside another. One that failed in a way a redo mends is
        /// written again alone, and so is the batch after it, which rolled back with it.
        func land(_ landed: OverlappedCommits<JobStore.BatchOutcome>.Landed) async throws -> BatchLoop.Step {
            switch landed.result {
            case .success(let outcome):
                let step = record(outcome, of: landed.batch, started: landed.started)
                if case .stop = step { _ = await overlapped?.abandon() }  // rolled back before its COMMIT
                return step
            case .failure(let error as PostgresError) where isRedoable(error):
                logger.info("batch redone", metadata: ["error": "\(error)", "redo": "alone"])
                let after = await overlapped?.land()
                guard case .next = try await commitAlone(landed.batch, started: landed.started) else { return .stop }
                guard let after else { return .next }
                return try await commitAlone(after.batch, started: after.started)
            case .failure(let error):
                _ = await overlapped?.land()
                throw error
            }
        }

        let loop = BatchLoop(renderer: renderer, rendered: { QueueMetrics.batchRendered(duration: $0) })
        do {
            var reachedTarget = try await loop.run(
                prepared, from: start, to: target, batchSize: job.batchSize,
                shouldStop: { control.stopReason != nil }
            ) { batch, batchStarted in
                control.batchStarted(at: batchStarted)
                guard overlapped != nil else { return try await commitAlone(batch, started: batchStarted) }
                let landed = await overlapped!.submit(batch, started: batchStarted) { ordering, target in
                    try await commit(batch, started: batchStarted, ordering: ordering, on: target)
                }
                guard let landed else { return .next }
                return try await land(landed)
            }
            // The last batch in flight commits if the one before it did, whether or not the loop was stopped.
            if let last = await overlapped?.land(), case .stop = try await land(last) { reachedTarget = false }
            await second?.close()
            if reachedTarget { return .completed }
        } catch {
            if let last = await overlapped?.land(), case .success(let outcome) = last.result {
                _ = record(outcome, of: last.batch, started: last.started)
            }
            await second?.close()
            throw error
        }
        return end == .leaseLost ? .leaseLost : .stopped
    }

    /// Runs a batch transaction, running it again at once after an error that says only this attempt
    /// failed (`isRedoable`), up to `batchRedoLimit` times: the rendered batch is deterministic, only
    /// the write is redone.
    func redoing<Value>(_ transaction: () async throws -> Value) async throws -> Value {
        var redone = 0
        while true {
            do {
                return try await transaction()
            } catch let error as PostgresError where redone < batchRedoLimit && isRedoable(error) {
                redone += 1
                logger.info("batch redone", metadata: ["error": "\(error)", "redo": "\(redone)"])
                // The competing transaction must commit before a redo can see its rows; a short,
                // jittered pause keeps two racing jobs from colliding again in lockstep.
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...25) * redone))
            }
        }
    }

    /// Whether a batch that failed with `error` is simply written again: a serialization failure, a
    /// deadlock, a slug race (23505) with a concurrent job, a prepared statement the session lost
    /// (26000, prepared again on the redo) or a stray cancel.
    func isRedoable(_ error: PostgresError) -> Bool {
        error.classification == .retryTransaction || error.sqlState == "23505" || error.sqlState == "26000" || Self.isStrayCancel(error)
    }

    /// A statement cancelled by a `PQcancel` meant for an earlier statement on this connection (sent
    /// from another thread, it can arrive after that statement finished, e.g. when a heartbeat that
    /// raced a job's final commit stopped the finished job): this task was not cancelled, so the
    /// statement is simply run again.
    static func isStrayCancel(_ error: PostgresError) -> Bool {
        error.sqlState == "57014" && error.code != .cancelled && !Task.isCancelled
    }

    /// Ends a job that was asked to stop.
    func stop(_ control: JobControl, reason: JobControl.StopReason, on connection: PostgresConnection, logger: Logger) async -> Outcome {
        let job = control.job
        let offset = control.committedOffset
        switch reason {
        case .leaseLost:
            logger.warning("job stopped: lease lost; writing nothing more", metadata: ["offset": "\(offset)"])
            return .leaseLost
        case .cancelRequested:
            logger.notice("job cancelled by request", metadata: ["offset": "\(offset)"])
            return await finalise(logger, .cancelled, on: connection) {
                try await store.cancel(job, offset: offset, on: connection)
            }
        case .shutdown, .abandon:
            let text = reason == .shutdown
                ? "released at offset \(offset): worker shutting down"
                : "released at offset \(offset): shutdown timeout, uncommitted batch abandoned"
            logger.notice("job released", metadata: ["offset": "\(offset)", "reason": "\(reason)"])
            return await finalise(logger, .released, on: connection) {
                try await store.release(job, offset: offset, reason: text, on: connection)
            }
        }
    }

    /// Writes a final transition, retrying a few times after a lost connection or a stray cancel
    /// (a `PQcancel` meant for the interrupted batch can reach the server late).
    func finalise(_ logger: Logger, _ outcome: Outcome, on connection: PostgresConnection,
                  _ statement: () async throws -> Bool) async -> Outcome {
        for attempt in 1...3 {
            do {
                if try await statement() { return outcome }
                logger.warning("job was taken by another worker before its final transition; nothing written")
                return .leaseLost
            } catch let error as PostgresError where attempt < 3 && (error.classification == .reconnect || error.sqlState == "57014") {
                logger.warning("final job transition failed; trying again", metadata: ["error": "\(error)"])
                if error.classification == .reconnect { _ = await connection.recover(after: error, logger: logger) }
            } catch {
                logger.error("final job transition failed; the lease will expire and a reaper will take the job back",
                             metadata: ["error": "\(error)"])
                return .unrecorded
            }
        }
        return .unrecorded
    }
}
