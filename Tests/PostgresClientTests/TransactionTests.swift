import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite struct TransactionTests {
    struct Boom: Error {}

    @Test func commitsWhenTheBodyReturns() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int)")
            let value = try await connection.withTransaction { conn in
                try await conn.execute("INSERT INTO t VALUES ($1)", [1])
                return "done"
            }
            #expect(value == "done")
            #expect(try await connection.query("SELECT count(*) AS n FROM t")[0].decode(Int.self, column: "n") == 1)
        }
    }

    @Test func rollsBackWhenTheBodyThrows() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int)")
            await #expect(throws: Boom.self) {
                try await connection.withTransaction { conn in
                    try await conn.execute("INSERT INTO t VALUES ($1)", [1])
                    throw Boom()
                }
            }
            #expect(try await connection.query("SELECT count(*) AS n FROM t")[0].decode(Int.self, column: "n") == 0)
            // Not left inside a transaction: a new one can start.
            try await connection.withTransaction { conn in try await conn.execute("INSERT INTO t VALUES (2)") }
            #expect(try await connection.query("SELECT count(*) AS n FROM t")[0].decode(Int.self, column: "n") == 1)
        }
    }

    @Test func rollsBackWhenTheTaskIsCancelled() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int)")
            let task = Task {
                try await connection.withTransaction { conn in
                    try await conn.execute("INSERT INTO t VALUES (1)")
                    _ = try await conn.query("SELECT pg_sleep(10)")
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await #expect(throws: PostgresError.self) { try await task.value }
            #expect(error?.code == .cancelled)
            #expect(try await connection.query("SELECT count(*) AS n FROM t")[0].decode(Int.self, column: "n") == 0)
        }
    }

    @Test func aFailedStatementSwallowedByTheBodyStillRollsBack() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int PRIMARY KEY)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.withTransaction { conn in
                    try await conn.execute("INSERT INTO t VALUES (1)")
                    _ = try? await conn.execute("INSERT INTO t VALUES (1)")
                }
            }
            #expect(error?.sqlState == "25P02")
            #expect(try await connection.query("SELECT count(*) AS n FROM t")[0].decode(Int.self, column: "n") == 0)
        }
    }

    @Test func nestingIsRejected() async throws {
        let connection = try await TestDatabase.connect()
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withTransaction { conn in
                try await conn.withTransaction { _ in }
            }
        }
        #expect(error?.code == .invalidState)
        await connection.close()
    }
}
