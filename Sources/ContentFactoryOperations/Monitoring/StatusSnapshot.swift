import ContentFactory
import Foundation
import PostgresClient

/// What the status page shows, read in a few statements on the monitoring connection.
public struct StatusSnapshot: Sendable {
    /// A running job.
    public struct RunningJob: Sendable, Hashable {
        public var id: String
        public var progress: Int
        public var offset: Int
        public var target: Int
        public var worker: String?
        /// Seconds since its last heartbeat.
        public var heartbeatAge: Double?

        public init(id: String, progress: Int, offset: Int, target: Int, worker: String?, heartbeatAge: Double?) {
            self.id = id
            self.progress = progress
            self.offset = offset
            self.target = target
            self.worker = worker
            self.heartbeatAge = heartbeatAge
        }
    }

    /// A failed job and why.
    public struct FailedJob: Sendable, Hashable {
        public var id: String
        public var attempt: Int
        public var lastError: String?
        public var updatedAt: String

        public init(id: String, attempt: Int, lastError: String?, updatedAt: String) {
            self.id = id
            self.attempt = attempt
            self.lastError = lastError
            self.updatedAt = updatedAt
        }
    }

    /// A `work_log` row.
    public struct LogRow: Sendable, Hashable {
        public var id: Int
        public var timestamp: String
        public var level: String
        public var action: String
        public var entityID: String
        /// JSON text.
        public var details: String

        public init(id: Int, timestamp: String, level: String, action: String, entityID: String, details: String) {
            self.id = id
            self.timestamp = timestamp
            self.level = level
            self.action = action
            self.entityID = entityID
            self.details = details
        }
    }

    public var counts: [(status: String, count: Int)]
    public var running: [RunningJob]
    public var failed: [FailedJob]
    public var workers: [WorkerPresence.Worker]
    /// The newest `work_log` rows, newest first.
    public var log: [LogRow]

    public init(counts: [(status: String, count: Int)], running: [RunningJob], failed: [FailedJob],
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
    public static func load(on connection: PostgresConnection) async throws -> StatusSnapshot {
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
