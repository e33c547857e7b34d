/// One step of the database schema: the SQL that takes a database from schema version
/// `version - 1` to `version`.
///
/// Every migration in ``SchemaMigrations/all`` keeps these invariants, so the runner can apply
/// it to an empty database, to an existing Spark (Directus) database, or to a database where it
/// already ran:
/// - **Idempotent**: running it twice changes nothing the second time (`IF NOT EXISTS`,
///   constraints and defaults added only when missing, `CREATE OR REPLACE FUNCTION`).
/// - **Additive**: it adds tables, columns, defaults, constraints, indexes and triggers; it never
///   drops or rewrites existing data, except documented one-time normalisations.
/// - **Transactional**: it is safe inside one transaction (no `CREATE INDEX CONCURRENTLY`,
///   no `VACUUM`), so a failure leaves the database as it was.
/// - **Multi-statement**: `sql` holds several statements and no parameters; execute it with
///   the simple query protocol (libpq `PQexec`), not with `PQexecParams`.
/// - **Frozen once released**: a change to a released schema is a new migration, never an
///   edit of an old one, because databases record only the version they reached.
package struct Migration: Sendable {
    /// The schema version this migration produces; versions start at 1 and increase by 1.
    package let version: Int
    /// A short snake_case name for logs and the version table, e.g. `queue_columns`.
    package let name: String
    /// The SQL to execute, several statements separated by semicolons.
    package let sql: String
}
