import Foundation
import PostgresClient

/// What the operator commands (`enqueue`, `status`, `tail`, `cancel`, `retry`, `prune`) do to the queue,
/// each a statement of `AdministrationQueries`.
package struct QueueAdministration: Sendable {
    /// One job as the operator sees it.
    package struct JobState: Sendable, Hashable {
        /// The job's id.
        package var id: UUID
        /// The job's status (a NULL status reads `pending`).
        package var status: JobStatus
        /// Articles committed so far (`current_offset`).
        package var offset: Int
        /// Articles the job asks for (`target_quantity`).
        package var target: Int
        /// Percent done (`progress`; 100 once completed).
        package var progress: Int
        /// Attempts used so far; a retry resets it.
        package var attempt: Int
        /// Attempts allowed before a failure is final.
        package var maxAttempts: Int
        /// The worker holding the lease, if any.
        package var lockedBy: String?
        /// The error of the last failed attempt, if any.
        package var lastError: String?
        /// When a cancel was asked for: a running job is told to stop, a pending one is finalised by the reaper.
        package var cancelRequestedAt: Date?
        /// Not claimable before this (a scheduled retry waits here).
        package var runAt: Date?

        /// Whether the job will not change again by itself.
        package var isFinished: Bool { status.isFinished }

        init(row: PostgresRow) throws {
            id = try row.decode(UUID.self, at: 0)
            status = try row.decode(JobStatus.self, at: 1)
            offset = try row.decode(Int.self, at: 2)
            target = try row.decode(Int.self, at: 3)
            progress = try row.decode(Int.self, at: 4)
            attempt = try row.decode(Int.self, at: 5)
            maxAttempts = try row.decode(Int.self, at: 6)
            lockedBy = try row.decode(String?.self, at: 7)
            lastError = try row.decode(String?.self, at: 8)
            cancelRequestedAt = try row.decode(Date?.self, at: 9)
            runAt = try row.decode(Date?.self, at: 10)
        }
    }

    /// One work_log row, for `tail`.
    package struct LogRow: Sendable, Hashable {
        /// The row's id; `tail` follows it upwards.
        package var id: Int
        /// As stored (`timestamp` without time zone), text.
        package var timestamp: String
        /// The level as stored; empty when NULL.
        package var level: String
        /// What happened (`job.claimed`, `batch.committed`, …); empty when NULL.
        package var action: String
        /// What kind of thing the row is about (a job or a worker); empty when NULL.
        package var entityType: String
        /// The job id or worker id; empty when NULL.
        package var entityID: String
        /// The entity's status the row records; empty when NULL.
        package var status: String
        /// The details, JSON text.
        package var details: String
    }

    /// What a `generation_jobs` INSERT needs.
    package struct NewJob: Sendable, Hashable {
        /// The site whose templates and data the job uses.
        package var siteID: UUID
        /// How many articles to write.
        package var targetQuantity: Int
        /// Articles per committed batch; nil stores NULL, which the queue reads as 10.
        package var batchSize: Int?
        /// JSON object text.
        package var filters: String
        /// Higher is claimed first; nil: 0.
        package var priority: Int?
        /// Attempts before a failure is final; nil: 5.
        package var maxAttempts: Int?

        /// Nil fields get the queue's defaults (batch size 10, priority 0, five attempts); the table's CHECK
        /// constraints judge the rest when the row is inserted.
        package init(siteID: UUID, targetQuantity: Int, batchSize: Int?, filters: String, priority: Int? = nil, maxAttempts: Int? = nil) {
            self.siteID = siteID
            self.targetQuantity = targetQuantity
            self.batchSize = batchSize
            self.filters = filters
            self.priority = priority
            self.maxAttempts = maxAttempts
        }
    }

    /// Stateless: every call takes the connection to run on.
    package init() {}

    /// Inserts a job (the same row an operator's INSERT makes; the trigger notifies the daemons).
    ///
    /// - Throws: `PostgresError` (a CHECK constraint names a bad quantity or batch size).
    package func enqueue(_ job: NewJob, on connection: PostgresConnection) async throws -> UUID {
        let rows = try await connection.query(AdministrationQueries.enqueue, [
            job.siteID, job.targetQuantity, job.batchSize, job.filters, job.priority, job.maxAttempts,
        ])
        return try rows[0].decode(UUID.self, at: 0)
    }

    /// The job's state, or nil for an unknown id.
    ///
    /// - Throws: `PostgresError`.
    package func state(of id: UUID, on connection: PostgresConnection) async throws -> JobState? {
        try await connection.query(AdministrationQueries.jobState, [id]).first.map(JobState.init(row:))
    }

    /// Job counts per status.
    ///
    /// - Throws: `PostgresError`.
    package func counts(on connection: PostgresConnection) async throws -> [(status: String, count: Int)] {
        try await connection.query(AdministrationQueries.statusCounts).map {
            (try $0.decode(String?.self, at: 0) ?? "NULL", try $0.decode(Int.self, at: 1))
        }
    }

    /// Running and pending jobs, then those finished in the last hour (at most `limit`).
    ///
    /// - Throws: `PostgresError`.
    package func activeJobs(limit: Int, on connection: PostgresConnection) async throws -> [JobState] {
        try await connection.query(AdministrationQueries.statusJobs, [limit]).map(JobState.init(row:))
    }

    /// Asks for a cancel. Returns the job's status, or nil for an unknown id.
    ///
    /// - Throws: `PostgresError`.
    package func requestCancel(_ id: UUID, on connection: PostgresConnection) async throws -> JobStatus? {
        try await connection.query(AdministrationQueries.requestCancel, [id]).first.map { try $0.decode(JobStatus.self, at: 0) }
    }

    /// Puts a failed or cancelled job back to `pending` with its attempts reset. Returns false when the
    /// job is not failed or cancelled.
    ///
    /// - Throws: `PostgresError`.
    package func retry(_ id: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query(AdministrationQueries.retryFailed, [id]).first?.decode(Int.self, at: 0) ?? 0 > 0
    }

    /// Deletes work_log rows older than `age`, `chunk` rows per statement (short locks, no bloat
    /// spike). Returns how many rows were deleted.
    ///
    /// - Throws: `PostgresError`.
    package func prune(olderThan age: Duration, chunk: Int, on connection: PostgresConnection) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await connection.execute(AdministrationQueries.pruneChunk, [age.seconds, chunk])
            total += deleted
            if deleted < chunk { return total }
        }
    }

    /// The id to start tailing after, so that the last `lines` rows show first.
    ///
    /// - Throws: `PostgresError`.
    package func tailStart(lines: Int, job: String?, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(AdministrationQueries.tailStart, [lines, job]).first?.decode(Int?.self, at: 0) ?? 0
    }

    /// work_log rows after `id` (at most 1000), optionally of one job and at least `minimumLevel` (a rank:
    /// 0 debug, 1 info, 2 notice, 3 warning, 4 error).
    ///
    /// - Throws: `PostgresError`.
    package func logRows(after id: Int, job: String?, minimumLevel: Int, on connection: PostgresConnection) async throws -> [LogRow] {
        try await connection.query(AdministrationQueries.tailAfter, [id, job, minimumLevel]).map { row in
            LogRow(id: try row.decode(Int.self, at: 0), timestamp: try row.decode(String?.self, at: 1) ?? "",
                   level: try row.decode(String.self, at: 2), action: try row.decode(String.self, at: 3),
                   entityType: try row.decode(String.self, at: 4), entityID: try row.decode(String.self, at: 5),
                   status: try row.decode(String.self, at: 6), details: try row.decode(String.self, at: 7))
        }
    }
}
