import Foundation
import PostgresClient
import PostgresTestSupport
import Testing
@testable import ContentFactory

/// Migrations against a real PostgreSQL, each test in a schema of its own.
@Suite struct SchemaMigratorTests {
    static let seedTables = [
        "sites", "campaign_masters", "avatar_intelligence", "avatar_variants", "cartesian_patterns",
        "geo_intelligence", "offer_blocks", "generated_articles", "generation_jobs", "pages", "posts", "leads",
        "headline_inventory", "content_fragments", "link_targets", "globals", "navigation", "work_log", "forms",
        "form_submissions", "locations_states", "locations_counties", "locations_cities", "site_analytics",
        "events", "pageviews", "conversions",
    ]

    func tables(_ connection: PostgresConnection, schema: String) async throws -> Set<String> {
        let rows = try await connection.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema])
        return Set(try rows.map { try $0.decode(String.self, at: 0) })
    }

    @Test func emptyDatabaseGetsEveryTableAndASecondRunIsANoOp() async throws {
        try await TestDatabase.withSchema { connection, schema in
            let migrator = SchemaMigrator()
            let first = try await migrator.migrate(on: connection)
            #expect(first.applied == SchemaMigrations.all.map(\.version))
            let created = try await tables(connection, schema: schema)
            #expect(Self.seedTables.count == 27)
            for table in Self.seedTables + ["directus_files", "directus_users", "content_factory_migrations"] {
                #expect(created.contains(table), "missing table \(table)")
            }
            let second = try await migrator.migrate(on: connection)
            #expect(second.applied.isEmpty)
            #expect(try await migrator.isCurrent(on: connection))
            #expect(try await tables(connection, schema: schema) == created)
        }
    }

    @Test func plainInsertMakesAClaimablePendingJob() async throws {
        try await TestDatabase.withSchema { connection, _ in
            _ = try await SchemaMigrator().migrate(on: connection)
            let site = try await connection.query("INSERT INTO sites (name) VALUES ('S') RETURNING id")[0].decode(UUID.self, at: 0)
            let rows = try await connection.query(
                "INSERT INTO generation_jobs (site_id, target_quantity, filters) VALUES ($1, 500, '{}') "
                    + "RETURNING status, attempt, max_attempts, priority, batch_size, run_at <= now(), errors::text",
                [site])
            let row = try #require(rows.first)
            #expect(try row.decode(String.self, at: 0) == "pending")
            #expect(try row.decode(Int.self, at: 1) == 0)
            #expect(try row.decode(Int.self, at: 2) == 5)
            #expect(try row.decode(Int.self, at: 3) == 0)
            #expect(try row.decode(Int.self, at: 4) == 10)
            #expect(try row.decode(Bool.self, at: 5))
            #expect(try row.decode(String.self, at: 6) == "[]")
            let legacy = try await connection.query(
                "INSERT INTO generation_jobs (site_id, target_quantity, status) VALUES ($1, 1, 'Queued') RETURNING status", [site])
            #expect(try legacy[0].decode(String.self, at: 0) == "pending")
        }
    }

    @Test func badJobRowsAreRefusedBySQL() async throws {
        try await TestDatabase.withSchema { connection, _ in
            _ = try await SchemaMigrator().migrate(on: connection)
            let error = await #expect(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO generation_jobs (target_quantity) VALUES (0)")
            }
            #expect(error?.sqlState == "23514")
            #expect(error?.constraint == "generation_jobs_target_quantity_positive")
        }
    }

    @Test func existingSparkTablesKeepTheirRowsAndGainColumns() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("""
                CREATE TABLE sites (id uuid PRIMARY KEY, status varchar(50) DEFAULT 'active', name varchar(255) NOT NULL,
                    url varchar(500), date_created timestamp DEFAULT now(), date_updated timestamp DEFAULT now());
                CREATE TABLE generated_articles (id uuid PRIMARY KEY, status varchar(50) DEFAULT 'draft',
                    site_id uuid REFERENCES sites(id) ON DELETE CASCADE, campaign_id uuid, title varchar(255), content text,
                    slug varchar(255), is_published boolean, schema_json jsonb, date_created timestamp DEFAULT now(),
                    date_updated timestamp);
                INSERT INTO sites (id, name, url) VALUES
                    ('00000000-0000-4000-8000-000000000001', 'Old One', 'https://one.example'),
                    ('00000000-0000-4000-8000-000000000002', 'Old Two', NULL);
                INSERT INTO generated_articles (id, site_id, title, content, slug, schema_json) VALUES
                    ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 'T1', '<p>x</p>', 't1', '{"a": 1}'),
                    ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-000000000001', 'T2', NULL, 't1', NULL);
                """)
            let fingerprint = """
                SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) FROM (SELECT id, status, name, url FROM sites) s
                UNION ALL
                SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM
                    (SELECT id, site_id, title, content, slug, schema_json FROM generated_articles) a
                """
            let before = try await connection.query(fingerprint).map { try $0.decode(String.self, at: 0) }
            _ = try await SchemaMigrator().migrate(on: connection)
            let after = try await connection.query(fingerprint).map { try $0.decode(String.self, at: 0) }
            #expect(before == after)
            let columns = try await connection.query(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'generated_articles'")
            let names = Set(try columns.map { try $0.decode(String.self, at: 0) })
            #expect(names.isSuperset(of: ["job_id", "job_seq", "title", "slug"]))
            let count = try await connection.query("SELECT count(*) FROM generated_articles")[0].decode(Int.self, at: 0)
            #expect(count == 2)
        }
    }

    @Test func concurrentMigrationsDoNotRace() async throws {
        try await TestDatabase.withSchema { connection, schema in
            let second = try await TestDatabase.connect(schema: schema)
            async let a = SchemaMigrator().migrate(on: connection)
            async let b = SchemaMigrator().migrate(on: second)
            let (reportA, reportB) = try await (a, b)
            await second.close()
            // The lock serialises them: one applies everything, the other finds nothing to do.
            #expect(Set(reportA.applied + reportB.applied).count == SchemaMigrations.all.count)
            #expect(reportA.applied.isEmpty || reportB.applied.isEmpty)
        }
    }

    @Test func dryRunListsPendingSQLAndChangesNothing() async throws {
        try await TestDatabase.withSchema { connection, schema in
            let script = try await SchemaMigrator().dryRunScript(on: connection)
            #expect(script.contains("CREATE TABLE IF NOT EXISTS generation_jobs"))
            #expect(script.contains("-- migration 1:"))
            #expect(try await tables(connection, schema: schema).isEmpty)
        }
    }
}
