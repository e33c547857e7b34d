import ContentFactory
import Foundation
import PostgresClient

/// What the status page shows, read in a few statements on the monitoring connection.
package struct StatusSnapshot: Sendable {
    /// A running job.
    package struct RunningJob: Sendable, Hashable {
        /// The job's id (`generation_jobs.id` as text).
        package var id: String
        /// Percent done (`progress`: 100 once completed; 0 when NULL).
        package var progress: Int
        /// Articles committed so far, where the next batch starts (`current_offset`; 0 when NULL).
        package var offset: Int
        /// The number of articles the job asks for (`target_quantity`; 0 when NULL).
        package var target: Int
        /// The worker holding the lease (`locked_by`); nil when none is recorded.
        package var worker: String?
        /// Seconds since its last heartbeat.
        package var heartbeatAge: Double?

        /// Builds a row; `load(on:)` fills these from `generation_jobs`.
        package init(id: String, progress: Int, offset: Int, target: Int, worker: String?, heartbeatAge: Double?) {
            self.id = id
            self.progress = progress
            self.offset = offset
            self.target = target
            self.worker = worker
            self.heartbeatAge = heartbeatAge
        }
    }

    /// A failed job and why.
    package struct FailedJob: Sendable, Hashable {
        /// The job's id (`generation_jobs.id` as text).
        package var id: String
        /// How many attempts the job had (0 when NULL).
        package var attempt: Int
        /// The error recorded by the last attempt, if any.
        package var lastError: String?
        /// When the job last changed, `YYYY-MM-DD HH:MM:SS` in the server's time zone; empty when unknown.
        package var updatedAt: String

        /// Builds a row; `load(on:)` fills these from `generation_jobs`.
        package init(id: String, attempt: Int, lastError: String?, updatedAt: String) {
            self.id = id
            self.attempt = attempt
            self.lastError = lastError
            self.updatedAt = updatedAt
        }
    }

    /// A `work_log` row.
    package struct LogRow: Sendable, Hashable {
        /// The row's id; higher is newer.
        package var id: Int
        /// When it was written, `YYYY-MM-DD HH:MM:SS`; empty when NULL.
        package var timestamp: String
        /// The log level as stored (`info`, `warning`, `error`, …); empty when NULL.
        package var level: String
        /// What happened (the `work_log.action` value); empty when NULL.
        package var action: String
        /// The job (or other entity) the row is about; empty when NULL.
        package var entityID: String
        /// JSON text.
        package var details: String

        /// Builds a row; `load(on:)` fills these from `work_log`, NULL text columns read as "".
        package init(id: Int, timestamp: String, level: String, action: String, entityID: String, details: String) {
            self.id = id
            self.timestamp = timestamp
            self.level = level
            self.action = action
            self.entityID = entityID
            self.details = details
        }
    }

    /// Jobs per status, as `QueueAdministration.counts(on:)` returns them (a NULL status reads `"NULL"`).
    package var counts: [(status: String, count: Int)]
    /// Jobs in `processing`, oldest start first (at most 100).
    package var running: [RunningJob]
    /// Jobs in `failed`, most recently updated first (at most 20).
    package var failed: [FailedJob]
    /// The workers `WorkerPresence` knows about.
    package var workers: [WorkerPresence.Worker]
    /// The newest `work_log` rows, newest first.
    package var log: [LogRow]

    /// Builds a snapshot from parts (tests and `load(on:)`).
    package init(counts: [(status: String, count: Int)], running: [RunningJob], failed: [FailedJob],
                workers: [WorkerPresence.Worker], log: [LogRow]) {
        self.counts = counts
        self.running = running
        self.failed = failed
        self.workers = workers
        self.log = log
    }

    /// Reads the snapshot.
    ///
    /// - Throws: `PostgresError`.
    package static func load(on connection: PostgresConnection) async throws -> StatusSnapshot {
        let counts = try await QueueAdministration().counts(on: connection)
        let running = try await connection.query(StatusPageQueries.running).map { row in
            RunningJob(id: try row.decode(String.self, at: 0), progress: try row.decode(Int.self, at: 1),
                       offset: try row.decode(Int.self, at: 2), target: try row.decode(Int.self, at: 3),
                       worker: try row.decode(String?.self, at: 4), heartbeatAge: try row.decode(Double?.self, at: 5))
        }
        let failed = try await connection.query(StatusPageQueries.failed).map { row in
            FailedJob(id: try row.decode(String.self, at: 0), attempt: try row.decode(Int.self, at: 1),
                      lastError: try row.decode(String?.self, at: 2), updatedAt: try row.decode(String?.self, at: 3) ?? "")
        }
        let log = try await connection.query(StatusPageQueries.recentLog).map { row in
            LogRow(
                id: try row.decode(Int.self, at: 0), timestamp: try row.decode(String?.self, at: 1) ?? "",
                level: try row.decode(String?.self, at: 2) ?? "", action: try row.decode(String?.self, at: 3) ?? "",
                entityID: try row.decode(String?.self, at: 4) ?? "", details: try row.decode(String?.self, at: 5) ?? "")
        }
        let workers = try await WorkerPresence.workers(on: connection)
        return StatusSnapshot(counts: counts, running: running, failed: failed, workers: workers, log: log)
    }
}
