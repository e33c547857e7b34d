import Foundation
import PostgresClient
import PostgresTestSupport
@testable import ContentFactory

/// A schema of its own with the Spark schema migrated and the sample campaign loaded.
enum SampleDatabase {
    static let site = UUID(uuidString: "10000000-0000-4000-8000-000000000001")!
    static let campaign = UUID(uuidString: "20000000-0000-4000-8000-000000000001")!

    static var sampleSQL: String {
        get throws {
            let url = try require(Bundle.module.url(forResource: "sample-campaign", withExtension: "sql", subdirectory: "Fixtures"))
            return try String(contentsOf: url, encoding: .utf8)
        }
    }

    static func with<Value: Sendable>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try await withSchema { connection, _ in try await body(connection) }
    }

    /// As `with`, also naming the schema (for more connections to it: `TestDatabase.connect(schema:)`).
    static func withSchema<Value: Sendable>(_ body: (PostgresConnection, String) async throws -> Value) async throws -> Value {
        try await TestDatabase.withSchema { connection, schema in
            _ = try await SchemaMigrator().migrate(on: connection)
            try await connection.executeScript(try sampleSQL)
            return try await body(connection, schema)
        }
    }

    /// Inserts a job with plain SQL and returns its row.
    static func insertJob(_ connection: PostgresConnection, quantity: Int, batchSize: Int = 25, filters: String) async throws -> JobRecord {
        let rows = try await connection.query(
            "INSERT INTO generation_jobs (site_id, target_quantity, batch_size, filters) VALUES ($1, $2, $3, $4::jsonb) RETURNING \(JobRecord.columns)",
            [site, quantity, batchSize, filters])
        return try JobRecord(row: rows[0])
    }

    /// Makes the INSERT of article `sequence` (of any job) fail with "refused article N".
    static func refuseArticle(_ sequence: Int, on connection: PostgresConnection) async throws {
        try await connection.executeScript("""
            CREATE FUNCTION refuse_article() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused article %', NEW.job_seq; END $$;
            CREATE TRIGGER refuse_article BEFORE INSERT ON generated_articles
                FOR EACH ROW WHEN (NEW.job_seq = \(sequence)) EXECUTE FUNCTION refuse_article();
            """)
    }

    /// Makes the INSERT of article `sequence` sleep one second, after calling `nextval('slept')`:
    /// a sequence is not rolled back, so `slept` tells a test's watcher that its batch sleeps now,
    /// which `pg_stat_activity` cannot (other tests' sessions sleep too).
    static func slowArticle(_ sequence: Int, on connection: PostgresConnection) async throws {
        try await connection.executeScript("""
            CREATE SEQUENCE slept;
            CREATE FUNCTION slow_article() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM nextval('slept'); PERFORM pg_sleep(1); RETURN NEW; END $$;
            CREATE TRIGGER slow_article BEFORE INSERT ON generated_articles
                FOR EACH ROW WHEN (NEW.job_seq = \(sequence)) EXECUTE FUNCTION slow_article();
            """)
    }

    /// Whether the batch `slowArticle` slows has started to sleep.
    static func slept(_ connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT is_called FROM slept")[0].decode(Bool.self, at: 0)
    }

    static func filters(_ extra: String = "") -> String {
        #"{"campaign_id": "\#(campaign.uuidString)", "variables": {"Niche": "Solar"}\#(extra)}"#
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingFixture() }
    return value
}

struct MissingFixture: Error {}
