import Foundation
import PostgresClient

/// Where database tests find PostgreSQL, and per-test isolation on top of it.
///
/// The connection string is `CF_TEST_DATABASE_URL`, else `DATABASE_URL`, else empty (libpq's `PG*`
/// variables). There is no skipping: without a reachable server every database test fails with
/// `TestDatabase.Unavailable`, whose message says to run under `scripts/with-postgres` (in CI, where
/// `CI=true`, as well as locally).
public enum TestDatabase {
    /// Thrown when no server answers; its description tells how to get one.
    public struct Unavailable: Error, CustomStringConvertible {
        /// Why connecting failed, without the password.
        public let reason: String
        /// Which variable (if any) the connection string came from.
        public let source: String

        /// The reason plus how to get a database.
        public var description: String {
            let ci = ProcessInfo.processInfo.environment["CI"] == "true" ? " (CI=true: database tests never skip)" : ""
            return "No PostgreSQL reachable for database tests\(ci): \(reason) [connection string from \(source)]. "
                + "Run the tests under scripts/with-postgres, e.g. `scripts/with-postgres swift test`, "
                + "or set CF_TEST_DATABASE_URL to a postgresql:// URL."
        }
    }

    /// The connection string tests use and the variable it came from.
    public static var connectionString: (value: String, source: String) {
        let environment = ProcessInfo.processInfo.environment
        for name in ["CF_TEST_DATABASE_URL", "DATABASE_URL"] {
            if let value = environment[name], !value.isEmpty { return (value, name) }
        }
        return ("", "libpq PG* environment")
    }

    /// The test configuration.
    ///
    /// - Throws: `PostgresError` (`.invalidConfiguration`) for a malformed variable.
    public static func configuration(applicationName: String = "content-factory-tests") throws -> PostgresConfiguration {
        var configuration = try PostgresConfiguration(connectionString.value, applicationName: applicationName)
        // Tests that break connections on purpose should not wait ~25 s for the default policy.
        configuration.reconnectPolicy = PostgresReconnectPolicy(baseDelay: .milliseconds(50), maxDelay: .seconds(1), maxAttempts: 5)
        return configuration
    }

    /// The test configuration with `search_path` set to `schema` at connection start (libpq's
    /// `options`), so a connection that reconnects keeps it.
    ///
    /// - Throws: `PostgresError` (`.invalidConfiguration`) for a malformed variable.
    public static func configuration(schema: String) throws -> PostgresConfiguration {
        let base = connectionString.value
        let options: String
        if base.hasPrefix("postgres://") || base.hasPrefix("postgresql://") {
            options = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        } else {
            options = base + " options='-csearch_path=" + schema + "'"
        }
        var configuration = try PostgresConfiguration(options, applicationName: "content-factory-tests")
        configuration.reconnectPolicy = try self.configuration().reconnectPolicy
        return configuration
    }

    /// Opens a connection; with `schema`, its `search_path` is set to that schema first.
    ///
    /// - Throws: `Unavailable` when no server answers.
    public static func connect(schema: String? = nil) async throws -> PostgresConnection {
        let configuration = try configuration()
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration)
        } catch let error as PostgresError where error.code == .connectionFailed {
            throw Unavailable(reason: error.description, source: connectionString.source)
        }
        if let schema {
            try await connection.executeScript("SET search_path TO " + connection.quoteIdentifier(schema))
        }
        return connection
    }

    /// A fresh, unique, lowercase identifier such as `t_3f2a9c0b1d4e`.
    public static func uniqueName(prefix: String = "t") -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    }

    /// Runs `body` with a connection whose `search_path` is a new, empty schema of its own, so tests
    /// can create tables with fixed names and still run in parallel. The schema is dropped (CASCADE)
    /// and the connection closed afterwards, whether `body` throws or not.
    ///
    /// - Throws: `Unavailable`, or whatever `body` throws.
    public static func withSchema<Value: Sendable>(_ body: (PostgresConnection, String) async throws -> Value) async throws -> Value {
        let schema = uniqueName(prefix: "test")
        let setup = try await connect()
        try await setup.executeScript("CREATE SCHEMA " + setup.quoteIdentifier(schema))
        await setup.close()
        let connection = try await connect(schema: schema)
        let result: Result<Value, Error>
        do {
            result = .success(try await body(connection, schema))
        } catch {
            result = .failure(error)
        }
        await connection.close()
        let cleanup = try await connect()
        try await cleanup.executeScript("DROP SCHEMA IF EXISTS " + cleanup.quoteIdentifier(schema) + " CASCADE")
        await cleanup.close()
        return try result.get()
    }
}
