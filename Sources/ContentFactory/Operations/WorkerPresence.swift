import Foundation
import PostgresClient

/// The `content_factory_workers` row of one daemon: written when its heartbeat ticks, marked stopped
/// when it shuts down, read by `status` as `running`, `stopped` or `lost`.
public struct WorkerPresence: Sendable {
    /// How a worker looks from the database.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Seen within its lease.
        case running
        /// Said goodbye at shutdown.
        case stopped
        /// No sign of life for longer than its lease, and no goodbye: killed, or cut off.
        case lost
    }

    /// One worker as `status` shows it.
    public struct Worker: Sendable, Hashable {
        /// The worker's id (`WorkerIdentity.id`).
        public var id: String
        /// Running, stopped or lost, judged against the worker's own lease.
        public var state: State
        /// Its last heartbeat (or goodbye).
        public var lastSeen: Date
        /// Seconds since `lastSeen`, by the database's clock.
        public var secondsSinceSeen: Double
        /// The daemon version the worker reported.
        public var version: String
        /// How many jobs the worker runs at once.
        public var concurrency: Int
    }

    /// Rows of workers stopped or silent for longer than this are deleted.
    public static let retention: Duration = .seconds(86_400)

    /// The daemon whose row this writes.
    public let worker: WorkerIdentity
    /// The daemon's version, stored so `status` shows mixed versions during a rollout.
    public let version: String
    /// The daemon's job concurrency, stored for `status`.
    public let concurrency: Int
    /// The lease; a row silent for longer than this reads as `lost`.
    public let lease: Duration

    /// Describes this daemon; nothing is written until `seen(on:)`.
    public init(worker: WorkerIdentity, version: String, concurrency: Int, lease: Duration) {
        self.worker = worker
        self.version = version
        self.concurrency = concurrency
        self.lease = lease
    }

    /// Records a sign of life, and prunes old rows in the same statement.
    ///
    /// - Throws: `PostgresError`.
    public func seen(on connection: PostgresConnection) async throws {
        _ = try await connection.execute(Self.upsert, [worker.id, version, concurrency, lease.seconds, Self.retention.seconds])
    }

    /// Records a clean shutdown.
    ///
    /// - Throws: `PostgresError`.
    public func stopped(on connection: PostgresConnection) async throws {
        _ = try await connection.execute(Self.markStopped, [worker.id])
    }

    /// Every worker with a row, most recently seen first.
    ///
    /// - Throws: `PostgresError`.
    public static func workers(on connection: PostgresConnection) async throws -> [Worker] {
        try await connection.query(list).map { row in
            Worker(id: try row.decode(String.self, at: 0),
                   state: State(rawValue: try row.decode(String.self, at: 1)) ?? .lost,
                   lastSeen: try row.decode(Date.self, at: 2),
                   secondsSinceSeen: try row.decode(Double.self, at: 3),
                   version: try row.decode(String.self, at: 4),
                   concurrency: try row.decode(Int.self, at: 5))
        }
    }

    /// `$1` id, `$2` version, `$3` concurrency, `$4` lease seconds, `$5` retention seconds.
    static let upsert = """
        WITH pruned AS (
            DELETE FROM content_factory_workers
            WHERE coalesce(stopped_at, last_seen) < now() - make_interval(secs => $5::float8)
        )
        INSERT INTO content_factory_workers (id, version, concurrency, lease_seconds)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (id) DO UPDATE SET last_seen = now(), stopped_at = NULL
        """

    static let markStopped = """
        UPDATE content_factory_workers SET stopped_at = now(), last_seen = now() WHERE id = $1
        """

    static let list = """
        SELECT id,
               CASE WHEN stopped_at IS NOT NULL THEN 'stopped'
                    WHEN last_seen < now() - make_interval(secs => lease_seconds) THEN 'lost'
                    ELSE 'running' END,
               last_seen,
               extract(epoch FROM now() - last_seen)::float8,
               version, concurrency
        FROM content_factory_workers
        ORDER BY last_seen DESC
        """
}
