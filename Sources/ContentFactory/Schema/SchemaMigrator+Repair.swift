import PostgresClient

extension SchemaMigrator {
    /// Re-runs every migration the database already recorded, each in its own transaction, under the
    /// migration lock, without touching the version table: every migration is idempotent, so this
    /// re-creates a dropped trigger, function or index (`doctor --fix`) and changes nothing else.
    /// Returns the versions re-run.
    ///
    /// - Throws: `PostgresError` from the failing statement; the migrations before it stay re-applied.
    package func repair(on connection: PostgresConnection) async throws -> [Int] {
        try await connection.execute(MigrationQueries.lock, [MigrationQueries.advisoryLockKey])
        do {
            let applied = try await appliedVersions(on: connection)
            var rerun: [Int] = []
            for migration in SchemaMigrations.all where applied.contains(migration.version) {
                logger.info("re-running migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                try await connection.withTransaction { transaction in
                    try await transaction.executeScript(migration.sql)
                }
                rerun.append(migration.version)
            }
            try await connection.execute(MigrationQueries.unlock, [MigrationQueries.advisoryLockKey])
            return rerun
        } catch {
            _ = try? await connection.execute(MigrationQueries.unlock, [MigrationQueries.advisoryLockKey])
            throw error
        }
    }
}
