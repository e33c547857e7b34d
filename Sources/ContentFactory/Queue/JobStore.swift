import Foundation
import PostgresClient

/// The queue's database operations for one worker: each a single statement (or, for a batch, one
/// short transaction) from `JobQueries`, with typed results.
package struct JobStore: Sendable {
    /// The worker whose fence every statement carries.
    package let worker: WorkerIdentity

    /// - Parameter worker: this process's identity.
    package init(worker: WorkerIdentity) {
        self.worker = worker
    }

    /// How a fenced batch commit ended.
    package enum BatchOutcome: Sendable {
        /// Committed; `cancelRequested` when an operator asked for a cancel meanwhile.
        case committed(summary: BatchWriteSummary, cancelRequested: Bool)
        /// The fence matched 0 rows: another worker owns the job now. Nothing was written.
        case leaseLost
    }

    /// Claims up to `limit` jobs (Docs/Jobs.md#claim) and logs `job.claimed` for each, in one statement.
    ///
    /// - Throws: `PostgresError`.
    package func claim(limit: Int, on connection: PostgresConnection) async throws -> [JobRecord] {
        let rows = try await connection.pipeline([
            PostgresStatement(JobQueries.claim, [limit, worker.id], prepared: StatementPreparation.enabled),
        ])[0]
        return try rows.map(JobRecord.init(row:))
    }

    /// Commits one rendered batch with the fence (Docs/Jobs.md#batches-and-the-fence): job row first, then
    /// the articles (`prepared.commit`), then the work_log rows; the last batch also completes the job
    /// (`totalsBefore`: what this run's earlier batches added up to, read when the log rows are made).
    /// The fence rides in the transaction's first round trip and the log row in its last.
    ///
    /// With `ordering` (the batch is written beside the previous one, `OverlappedCommits`), the fence
    /// moves to the commit point (`BatchOrdering.commitFence`), since the job row stays locked by the
    /// previous batch until it commits. The transaction opens with `leaseCheck` instead, which refuses
    /// early and takes the job's shared advisory lock, by which the reaper finds a stopped worker's
    /// session that holds the batch's uncommitted rows but not the job row.
    ///
    /// - Throws: `PostgresError` or the generator's error (the transaction is rolled back, nothing of
    ///   the batch is stored).
    package func commitBatch(
        _ batch: RenderedBatch, of job: JobRecord, prepared: any PreparedGeneration, started: ContinuousClock.Instant,
        jobStarted: ContinuousClock.Instant, committedBefore: Int,
        totalsBefore: @escaping @Sendable () -> BatchWriteSummary.Totals = { .init() },
        ordering: BatchOrdering? = nil, on connection: PostgresConnection
    ) async throws -> BatchOutcome {
        let from = batch.range.lowerBound, to = batch.range.upperBound
        let isLast = to >= job.targetQuantity
        let progress = isLast ? 100 : Int(100 * Int64(to) / Int64(max(job.targetQuantity, 1)))
        let worker = self.worker
        let fence = PostgresStatement(isLast ? JobQueries.fenceFinalBatch : JobQueries.fenceBatch,
                                      [job.id, worker.id, job.attempt, from, to, progress], prepared: StatementPreparation.enabled)
        var statements = BatchStatements(
            leading: ordering == nil ? fence
                : PostgresStatement(JobQueries.leaseCheck, [job.id, worker.id, job.attempt], prepared: StatementPreparation.enabled)
        ) { summary in
            let now = ContinuousClock.now
            let milliseconds = Int((now - started).seconds * 1000)
            var entries = [WorkLogEntry.batchCommitted(job, worker: worker, from: from, to: to, progress: progress,
                                                       milliseconds: milliseconds, summary: summary)]
            if isLast {
                entries.append(.completed(job, worker: worker, articles: committedBefore + (to - from),
                                          seconds: (now - jobStarted).seconds, similarity: summary.jobSimilarity,
                                          totals: totalsBefore().adding(summary)))
            }
            return [PostgresStatement(JobQueries.insertLogEntries, [WorkLogEntry.json(entries)], prepared: StatementPreparation.enabled)]
        }
        if var ordering {
            ordering.commitFence = fence
            statements.ordering = ordering
        }
        switch try await prepared.commit(batch, with: statements, on: connection) {
        case .refused:
            return .leaseLost
        case .committed(let summary, let fenced):
            let cancelRequested = try fenced?.decode(Date?.self, at: 0) != nil
            return .committed(summary: summary, cancelRequested: cancelRequested)
        }
    }

    /// Claims the head of the queue and, when it fits in one batch, up to `companions` more one-batch
    /// jobs of the same site and filters (Docs/Jobs.md#small-jobs-together), logging `job.claimed` for
    /// each, in one statement. Queue order.
    ///
    /// - Throws: `PostgresError`.
    package func claim(companions: Int, on connection: PostgresConnection) async throws -> [JobRecord] {
        let rows = try await connection.pipeline([
            PostgresStatement(JobQueries.claimWithCompanions, [companions, worker.id], prepared: StatementPreparation.enabled),
        ])[0]
        return try rows.map(JobRecord.init(row:))
    }

    /// How a commit of several jobs' last batches ended.
    package enum GroupOutcome: Sendable {
        /// Every job committed and completed; each one's summary, in order.
        case committed([BatchWriteSummary])
        /// A fence matched 0 rows (another worker owns that job now): nothing was written.
        case leaseLost
        /// These jobs cannot be committed together; nothing was sent.
        case unsupported
    }

    /// Commits the last (and only remaining) batch of each of several jobs claimed together in one
    /// transaction, each behind its own fence, completing them all with their `batch.committed` and
    /// `job.completed` rows. All or nothing.
    ///
    /// - Throws: `PostgresError` or the generator's error; nothing is stored then.
    package func commitTogether(_ members: [(job: JobRecord, prepared: any PreparedGeneration, batch: RenderedBatch)],
                               started: ContinuousClock.Instant, on connection: PostgresConnection) async throws -> GroupOutcome {
        guard let first = members.first else { return .committed([]) }
        let worker = self.worker
        let leading = members.map { member in
            PostgresStatement(JobQueries.fenceFinalBatch, [member.job.id, worker.id, member.job.attempt, member.batch.range.lowerBound,
                                                           member.batch.range.upperBound, 100], prepared: StatementPreparation.enabled)
        }
        let parts = members.map { ($0.job, $0.batch.range) }
        let outcome = try await first.prepared.commitTogether(
            first.batch, with: members.dropFirst().map { ($0.prepared, $0.batch) }, leading: leading,
            trailing: { summaries in
                let now = ContinuousClock.now
                let milliseconds = Int((now - started).seconds * 1000)
                var entries: [WorkLogEntry] = []
                for ((job, range), summary) in zip(parts, summaries) {
                    entries.append(.batchCommitted(job, worker: worker, from: range.lowerBound, to: range.upperBound, progress: 100,
                                                   milliseconds: milliseconds, summary: summary))
                    entries.append(.completed(job, worker: worker, articles: range.count, seconds: (now - started).seconds,
                                              similarity: summary.jobSimilarity, totals: BatchWriteSummary.Totals().adding(summary)))
                }
                return [PostgresStatement(JobQueries.insertLogEntries, [WorkLogEntry.json(entries)], prepared: StatementPreparation.enabled)]
            }, on: connection)
        switch outcome {
        case nil: return .unsupported
        case .refused: return .leaseLost
        case .committed(let summaries, _): return .committed(summaries)
        }
    }

    /// Completes a job that had nothing left to write. Returns false when fenced out.
    ///
    /// - Throws: `PostgresError`.
    package func complete(_ job: JobRecord, articles: Int, seconds: Double, on connection: PostgresConnection) async throws -> Bool {
        let entries = [WorkLogEntry.completed(job, worker: worker, articles: articles, seconds: seconds)]
        return try await matched(JobQueries.complete, job, [WorkLogEntry.json(entries)], on: connection)
    }

    /// Fails a job for good (`failed`, `last_error`, `errors`, `job.failed`). Returns false when fenced out.
    ///
    /// - Throws: `PostgresError`.
    package func fail(_ job: JobRecord, offset: Int, failure: JobFailure, on connection: PostgresConnection) async throws -> Bool {
        let entries = [WorkLogEntry.failed(job, worker: worker, offset: offset, failure: failure)]
        let entry = JSONText.encode(failure.errorsEntry(attempt: job.attempt, worker: worker, offset: offset))
        return try await matched(JobQueries.fail, job, [WorkLogEntry.json(entries), failure.lastError, entry], on: connection)
    }

    /// Returns a job to `pending` after `delay` (`job.retry_scheduled`). Returns false when fenced out.
    ///
    /// - Throws: `PostgresError`.
    package func scheduleRetry(_ job: JobRecord, offset: Int, failure: JobFailure, delay: Duration,
                              on connection: PostgresConnection) async throws -> Bool {
        let entries = [WorkLogEntry.retryScheduled(job, worker: worker, offset: offset, failure: failure)]
        let entry = JSONText.encode(failure.errorsEntry(attempt: job.attempt, worker: worker, offset: offset))
        return try await matched(JobQueries.scheduleRetry, job,
                                 [WorkLogEntry.json(entries), failure.lastError, entry, delay.seconds], on: connection)
    }

    /// Releases a job (Docs/Jobs.md#shutdown-and-crashes): `pending` now, attempt given back, `job.released`, a wake-up.
    /// Returns false when fenced out.
    ///
    /// - Throws: `PostgresError`.
    package func release(_ job: JobRecord, offset: Int, reason: String, on connection: PostgresConnection) async throws -> Bool {
        let entries = [WorkLogEntry.released(job, worker: worker, offset: offset, reason: reason)]
        return try await matched(JobQueries.release, job, [WorkLogEntry.json(entries)], on: connection)
    }

    /// Ends a running job as `cancelled`, keeping its committed batches. Returns false when fenced out.
    ///
    /// - Throws: `PostgresError`.
    package func cancel(_ job: JobRecord, offset: Int, on connection: PostgresConnection) async throws -> Bool {
        let entries = [WorkLogEntry.cancelled(job, worker: worker, offset: offset)]
        return try await matched(JobQueries.cancelRunning, job, [WorkLogEntry.json(entries)], on: connection)
    }

    /// Renews the leases of `jobs` (id, attempt) in one statement. Returns, for each job still owned,
    /// whether a cancel was requested; a job missing from the result lost its lease.
    ///
    /// - Throws: `PostgresError`.
    package func heartbeat(_ jobs: [(id: UUID, attempt: Int)], on connection: PostgresConnection) async throws -> [UUID: Bool] {
        guard !jobs.isEmpty else { return [:] }
        let ids = "{" + jobs.map { $0.id.uuidString.lowercased() }.joined(separator: ",") + "}"
        let attempts = "{" + jobs.map { String($0.attempt) }.joined(separator: ",") + "}"
        let rows = try await connection.query(JobQueries.heartbeat, [worker.id, ids, attempts])
        var owned: [UUID: Bool] = [:]
        for row in rows {
            owned[try row.decode(UUID.self, at: 0)] = try row.decode(Date?.self, at: 1) != nil
        }
        return owned
    }

    /// Whose a job is, as seen after a lost connection.
    package enum Ownership: Sendable, Hashable {
        /// Still this worker's (`processing`, same `locked_by` and `attempt`), at `offset`.
        case owned(offset: Int)
        /// This worker's attempt completed it: the last batch committed, its acknowledgement was lost.
        case completed
        /// Another worker (or the reaper, or an operator) has it now.
        case lost
    }

    /// Reads whose `job` is now (after a lost connection, before resuming it in place).
    ///
    /// - Throws: `PostgresError`.
    package func ownership(of job: JobRecord, on connection: PostgresConnection) async throws -> Ownership {
        let rows = try await connection.query(JobQueries.ownership, [job.id, worker.id, job.attempt])
        guard let row = rows.first else { return .lost }
        // Unknown text reads as lost, as any other owner would (no throw in the recovery path).
        let status = JobStatus(rawValue: try row.decode(String.self, at: 0))
        let lockedBy = try row.decode(String?.self, at: 1)
        let attempt = try row.decode(Int.self, at: 2)
        if status == .processing && lockedBy == worker.id && attempt == job.attempt {
            return .owned(offset: try row.decode(Int.self, at: 3))
        }
        let completedByThisAttempt = try row.decode(Bool.self, at: 4)
        if status == .completed && attempt == job.attempt && completedByThisAttempt { return .completed }
        return .lost
    }

    /// Writes work_log rows on their own (worker start and stop, a lost connection).
    ///
    /// - Throws: `PostgresError`.
    package func log(_ entries: [WorkLogEntry], on connection: PostgresConnection) async throws {
        try await connection.execute(JobQueries.insertLogEntries, [WorkLogEntry.json(entries)])
    }

    private func matched(_ sql: String, _ job: JobRecord, _ extra: [(any PostgresEncodable)?],
                         on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(sql, [job.id, worker.id, job.attempt] + extra)
        return try (rows.first?.decode(Int.self, at: 0) ?? 0) > 0
    }
}
