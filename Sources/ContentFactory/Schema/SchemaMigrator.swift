import Logging
import PostgresClient

/// Applies `SchemaMigrations` to a database: in order, each in its own transaction, recorded in
/// `content_factory_migrations`, under a PostgreSQL advisory lock so that two daemons starting at once
/// do not race.
///
/// Every migration is itself idempotent and additive (`IF NOT EXISTS`, `NOT VALID`), so applying one to
/// a Spark database that already has some of its tables adds what is missing and loses nothing.
package struct SchemaMigrator: Sendable {
    /// What `migrate` did.
    package struct Report: Sendable, Equatable {
        /// Versions applied by this run, in order; empty when the schema was current.
        package var applied: [Int]
        /// The schema version after the run.
        package var currentVersion: Int
    }

    /// The migrations this binary knows, ordered by version.
    package let migrations: [Migration]
    let logger: Logger

    /// - Parameter migrations: ordered by ascending, unique `version`.
    package init(migrations: [Migration] = SchemaMigrations.all, logger: Logger = Logger(label: "content-factory.migrate")) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// The newest version this binary knows.
    package var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The versions already recorded in the database (none when the bookkeeping table is missing).
    ///
    /// - Throws: `PostgresError` when the database cannot be read.
    package func appliedVersions(on connection: PostgresConnection) async throws -> Set<Int> {
        let exists = try await connection.query(MigrationQueries.tableExists)
        guard try exists.first?.decode(Bool.self, at: 0) == true else { return [] }
        let rows = try await connection.query(MigrationQueries.appliedVersions)
        return Set(try rows.map { try $0.decode(Int.self, at: 0) })
    }

    /// The migrations not yet applied, in order.
    ///
    /// - Throws: `PostgresError` when the database cannot be read.
    package func pendingMigrations(on connection: PostgresConnection) async throws -> [Migration] {
        let applied = try await appliedVersions(on: connection)
        return migrations.filter { !applied.contains($0.version) }
    }

    /// Whether the database has every migration this binary knows (the daemon's readiness check).
    ///
    /// - Throws: `PostgresError` when the database cannot be read.
    package func isCurrent(on connection: PostgresConnection) async throws -> Bool {
        try await pendingMigrations(on: connection).isEmpty
    }

    /// The SQL a `migrate` would run now, as one script with a header comment per migration.
    ///
    /// - Throws: `PostgresError` when the database cannot be read.
    package func dryRunScript(on connection: PostgresConnection) async throws -> String {
        let pending = try await pendingMigrations(on: connection)
        if pending.isEmpty {
            return "-- schema is current (version \(latestVersion)); nothing to run\n"
        }
        var script = ""
        for migration in pending {
            script += "-- migration \(migration.version): \(migration.name)\n"
            script += "BEGIN;\n\(migration.sql)\n"
            script += "-- (records version \(migration.version) in content_factory_migrations)\n"
            script += "COMMIT;\n\n"
        }
        return script
    }

    /// Applies every pending migration.
    ///
    /// Holds a session-level advisory lock for the whole run; a second caller waits, then finds nothing
    /// to do. A failing migration rolls back alone; the ones before it stay applied.
    ///
    /// - Throws: `PostgresError` from the failing statement (its SQLSTATE and message name the problem).
    package func migrate(on connection: PostgresConnection) async throws -> Report {
        try await connection.execute(MigrationQueries.lock, [MigrationQueries.advisoryLockKey])
        do {
            let report = try await migrateLocked(on: connection)
            try await connection.execute(MigrationQueries.unlock, [MigrationQueries.advisoryLockKey])
            return report
        } catch {
            // A broken session drops the lock with itself; an intact one must release it.
            _ = try? await connection.execute(MigrationQueries.unlock, [MigrationQueries.advisoryLockKey])
            throw error
        }
    }

    private func migrateLocked(on connection: PostgresConnection) async throws -> Report {
        try await connection.executeScript(MigrationQueries.createTable)
        let pending = try await pendingMigrations(on: connection)
        var applied: [Int] = []
        for migration in pending {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            try await connection.withTransaction { transaction in
                try await transaction.executeScript(migration.sql)
                try await transaction.execute(MigrationQueries.record, [migration.version, migration.name])
            }
            applied.append(migration.version)
        }
        return Report(applied: applied, currentVersion: latestVersion)
    }
}

/// The migration runner's own SQL, in one place.
enum MigrationQueries {
    /// A fixed key for `pg_advisory_lock`, shared by every content-factory version: "CFMIGRAT" in ASCII.
    static let advisoryLockKey: Int64 = 0x43_46_4D_49_47_52_41_54  // "CFMIGRAT"

    static let lock = "SELECT pg_advisory_lock($1)"
    static let unlock = "SELECT pg_advisory_unlock($1)"
    static let tableExists = "SELECT to_regclass('content_factory_migrations') IS NOT NULL"
    static let appliedVersions = "SELECT version FROM content_factory_migrations ORDER BY version"
    static let createTable = """
        CREATE TABLE IF NOT EXISTS content_factory_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    static let record = "INSERT INTO content_factory_migrations (version, name) VALUES ($1, $2)"
}
