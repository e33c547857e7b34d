/// The database schema content-factory needs, as an ordered list of ``Migration``s.
///
/// Versions 2 and 3 are the Spark seed schema (27 tables, in the seed's Harris Matrix order);
/// 4 and 5 are what the queue and the generator add to it; 6 the near-duplicate index; 7 worker
/// presence; 8 serves headline jobs; 9 the content version the daemon's prepared-campaign cache
/// checks; 10 merges the two `(site_id, slug)` indexes into one; 11 moves the near-duplicate band keys
/// into the fingerprint row. Every migration is idempotent and
/// additive (see ``Migration``), so the same list brings an empty database, or an existing
/// Spark/Directus database holding only some of these tables and columns, to
/// ``latestVersion`` without losing a row.
///
/// Invariant: versions are 1, 2, 3, … in order, with no gaps. The runner (which keeps the version
/// table and the advisory lock) applies each migration above the database's version in its own
/// transaction.
package enum SchemaMigrations {
    /// Every migration, ordered by version.
    package static let all: [Migration] = [
        Migration(version: 1, name: "extensions_and_directus_stubs", sql: extensionsAndDirectusStubs),
        Migration(version: 2, name: "spark_content_tables", sql: sparkContentTables),
        Migration(version: 3, name: "spark_system_location_analytics_tables", sql: sparkSystemTables),
        Migration(version: 4, name: "queue_columns_constraints_triggers", sql: queueAdditions),
        Migration(version: 5, name: "generation_columns_and_indexes", sql: generationAdditions),
        Migration(version: 6, name: "article_fingerprints", sql: similarityAdditions),
        Migration(version: 7, name: "worker_presence", sql: workerPresence),
        Migration(version: 8, name: "headline_inventory_text_index", sql: headlineAdditions),
        Migration(version: 9, name: "content_version", sql: contentVersion),
        Migration(version: 10, name: "single_site_slug_index", sql: singleSlugIndex),
        Migration(version: 11, name: "fingerprint_bands_in_row", sql: fingerprintBands),
    ]

    /// The version a fully migrated database has: the last migration's version.
    package static var latestVersion: Int {
        all.last?.version ?? 0
    }

    /// Version 1: the extensions the seed requires, and stand-ins for the two Directus tables
    /// the seed references but does not define.
    static let extensionsAndDirectusStubs = """
        -- The seed requires both. gen_random_uuid() is built in from PostgreSQL 13 on; pgcrypto
        -- provides it on older servers. IF NOT EXISTS skips the privilege check when an
        -- administrator installed them already.
        CREATE EXTENSION IF NOT EXISTS "pgcrypto";
        CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

        -- pages, posts and globals reference Directus's files and users. In a Directus database
        -- these exist (and belong to Directus: never altered here); elsewhere an id-only table
        -- lets the foreign keys exist.
        CREATE TABLE IF NOT EXISTS directus_files (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        CREATE TABLE IF NOT EXISTS directus_users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());

        """
}
