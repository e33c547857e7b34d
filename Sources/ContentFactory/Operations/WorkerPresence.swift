import Foundation
import PostgresClient

/// The `content_factory_workers` row of one daemon: written when its heartbeat ticks, marked stopped
/// when it shuts down, read by `status` as `running`, `stopped` or `lost`.
package struct WorkerPresence: Sendable {
    /// How a worker looks from the database.
    package enum State: String, Sendable, Hashable, CaseIterable {
        /// Seen within its lease.
        case running
        /// Said goodbye at shutdown.
        case stopped
        /// No sign of life for longer than its lease, and no goodbye: killed, or cut off.
        case lost
    }

    /// One worker as `status` shows it.
    package struct Worker: Sendable, Hashable {
        /// The worker's id (`WorkerIdentity.id`).
        package var id: String
        /// Running, stopped or lost, judged against the worker's own lease.
        package var state: State
        /// Its last heartbeat (or goodbye).
        package var lastSeen: Date
        /// Seconds since `lastSeen`, by the database's clock.
        package var secondsSinceSeen: Double
        /// The daemon version the worker reported.
        package var version: String
        /// How many jobs the worker runs at once.
        package var concurrency: Int
    }

    /// Rows of workers stopped or silent for longer than this are deleted.
    package static let retention: Duration = .seconds(86_400)

    /// The daemon whose row this writes.
    package let worker: WorkerIdentity
    /// The daemon's version, stored so `status` shows mixed versions during a rollout.
    package let version: String
    /// The daemon's job concurrency, stored for `status`.
    package let concurrency: Int
    /// The lease; a row silent for longer than this reads as `lost`.
    package let lease: Duration

    /// Describes this daemon; nothing is written until `seen(on:)`.
    package init(worker: WorkerIdentity, version: String, concurrency: Int, lease: Duration) {
        self.worker = worker
        self.version = version
        self.concurrency = concurrency
        self.lease = lease
    }

    /// Records a sign of life, and prunes old rows in the same statement.
    ///
    /// - Throws: `PostgresError`.
    package func seen(on connection: PostgresConnection) async throws {
        _ = try await connection.execute(Self.upsert, [worker.id, version, concurrency, lease.seconds, Self.retention.seconds])
    }

    /// Records a clean shutdown.
    ///
    /// - Throws: `PostgresError`.
    package func stopped(on connection: PostgresConnection) async throws {
        _ = try await connection.execute(Self.markStopped, [worker.id])
    }

    /// Every worker with a row, most recently seen first.
    ///
    /// - Throws: `PostgresError`.
    package static func workers(on connection: PostgresConnection) async throws -> [Worker] {
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
