import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite struct ErrorTests {
    @Test func serverErrorsCarrySQLStateAndFields() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("""
                CREATE TABLE parents (id int PRIMARY KEY);
                CREATE TABLE children (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents (id));
                INSERT INTO parents VALUES (1);
                """)
            func failure(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) async throws -> PostgresError {
                do {
                    _ = try await connection.query(sql, parameters)
                } catch let error as PostgresError {
                    return error
                }
                Issue.record("expected \(sql) to fail")
                return PostgresError(code: .queryFailed, message: "")
            }
            let syntax = try await failure("SELEC 1")
            #expect(syntax.sqlState == "42601")
            #expect(syntax.code == .queryFailed)
            #expect(syntax.severity == "ERROR")

            let unique = try await failure("INSERT INTO parents VALUES ($1)", [1])
            #expect(unique.sqlState == "23505")
            #expect(unique.constraint == "parents_pkey")
            #expect(unique.table == "parents")
            #expect(unique.detail?.contains("(id)=(1)") == true)

            let foreignKey = try await failure("INSERT INTO children VALUES (1, $1)", [42])
            #expect(foreignKey.sqlState == "23503")
            #expect(foreignKey.constraint == "children_parent_id_fkey")

            let invalidText = try await failure("SELECT $1::int", ["not a number"])
            #expect(invalidText.sqlState == "22P02")

            let undefined = try await failure("SELECT * FROM no_such_table")
            #expect(undefined.sqlState == "42P01")

            let notNull = try await failure("INSERT INTO children (id) VALUES (2)")
            #expect(notNull.sqlState == "23502")
            #expect(notNull.column == "parent_id")

            for error in [syntax, unique, foreignKey, invalidText, undefined, notNull] {
                #expect(error.classification == .permanent)
                #expect(error.description.contains(error.sqlState ?? "-"))
            }
            // The session is still usable after all of that.
            #expect(try await connection.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
        }
    }

    @Test func serializationFailuresAndDeadlocksAreRetryable() async throws {
        try await TestDatabase.withSchema { first, schema in
            let second = try await TestDatabase.connect(schema: schema)
            defer { Task { await second.close() } }
            try await first.executeScript("CREATE TABLE a (id int PRIMARY KEY, v int); INSERT INTO a VALUES (1, 0), (2, 0);")
            // Deadlock: each session locks one row, then wants the other's.
            try await first.executeScript("BEGIN; UPDATE a SET v = 1 WHERE id = 1;")
            try await second.executeScript("BEGIN; UPDATE a SET v = 2 WHERE id = 2;")
            async let blocked = first.executeScript("UPDATE a SET v = 1 WHERE id = 2")
            try await Task.sleep(for: .milliseconds(200))
            var errors: [PostgresError] = []
            do { try await second.executeScript("UPDATE a SET v = 2 WHERE id = 1") } catch let error as PostgresError { errors.append(error) }
            do { _ = try await blocked } catch let error as PostgresError { errors.append(error) }
            try await first.executeScript("ROLLBACK")
            try await second.executeScript("ROLLBACK")
            let deadlock = try #require(errors.first { $0.sqlState == "40P01" }, "errors: \(errors)")
            #expect(deadlock.classification == .retryTransaction)
        }
    }

    @Test func wrongPasswordFailsWithoutShowingIt() async throws {
        let base = try TestDatabase.configuration()
        let host = try await hostAndPort()
        let secret = "Wr0ng-Secret-\(UUID().uuidString.prefix(8))"
        let url = "postgresql://content_factory:\(secret)@\(host.host):\(host.port)/postgres"
        let error = try await #require(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(try PostgresConfiguration(url, connectTimeoutSeconds: base.connectTimeoutSeconds))
        }
        #expect(error.code == .connectionFailed)
        #expect(error.classification == .reconnect)
        #expect(error.message.contains("password authentication failed"), "\(error)")
        #expect(!error.description.contains(secret))
        #expect(!String(reflecting: error).contains(secret))
        #expect(!(try PostgresConfiguration(url)).redactedDescription.contains(secret))
    }

    @Test func unreachableHostFailsWithoutShowingThePassword() async throws {
        let secret = "Unreachable-Secret-\(UUID().uuidString.prefix(8))"
        // Port 1 on loopback refuses at once; connect_timeout bounds it anyway.
        let url = "postgresql://someone:\(secret)@127.0.0.1:1/db"
        let started = ContinuousClock.now
        let error = try await #require(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(try PostgresConfiguration(url, connectTimeoutSeconds: 3))
        }
        // Far below a hang, far above what a loaded 2-core CI machine takes to schedule the refusal
        // (7.2 s was seen with the whole suite running at load 8).
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(error.code == .connectionFailed)
        #expect(!error.description.contains(secret))
        #expect(error.description.contains("127.0.0.1"))
    }

    /// Host and port of the test server, as libpq resolved them.
    private func hostAndPort() async throws -> (host: String, port: String) {
        let connection = try await TestDatabase.connect()
        defer { Task { await connection.close() } }
        let row = try await connection.query("SELECT coalesce(inet_server_addr()::text, '127.0.0.1') AS host, current_setting('port') AS port")[0]
        let host = try row.decode(String.self, column: "host").split(separator: "/").first.map(String.init) ?? "127.0.0.1"
        return (host, try row.decode(String.self, column: "port"))
    }
}
