import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite struct PipelineTests {
    struct Boom: Error {}

    private func count(_ connection: PostgresConnection) async throws -> Int {
        try await connection.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0)
    }

    @Test func returnsEachStatementsRowsInOrder() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int)")
            let results = try await connection.pipeline([
                PostgresStatement("INSERT INTO t SELECT generate_series(1, $1::int)", [3]),
                PostgresStatement("SELECT n FROM t ORDER BY n"),
                PostgresStatement("SELECT $1::text AS word, $2::int AS n", ["pipe", nil]),
                PostgresStatement("UPDATE t SET n = n + 10 WHERE n > $1", [1]),
            ])
            #expect(results.count == 4)
            #expect(results[0].affectedRows == 3)
            #expect(try results[1].map { try $0.decode(Int.self, at: 0) } == [1, 2, 3])
            #expect(try results[2][0].decode(String.self, column: "word") == "pipe")
            #expect(try results[2][0].decode(Int?.self, column: "n") == nil)
            #expect(results[3].commandTag == "UPDATE 2")
            // The implicit transaction committed at the sync point.
            #expect(try await count(connection) == 3)
        }
    }

    @Test func anErrorAbortsTheRestRollsBackAndLeavesTheConnectionUsable() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int PRIMARY KEY)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.pipeline([
                    PostgresStatement("INSERT INTO t VALUES (1)"),
                    PostgresStatement("INSERT INTO t VALUES (1)"),
                    PostgresStatement("INSERT INTO t VALUES (2)"),
                ])
            }
            #expect(error?.sqlState == "23505")
            #expect(error?.message.hasPrefix("pipeline statement 2:") == true)
            // Statement 1 ran but its implicit transaction rolled back; statement 3 never ran.
            #expect(try await count(connection) == 0)
            // Usable: plain statements, another pipeline, a transaction.
            #expect(try await connection.query("SELECT 41 + 1")[0].decode(Int.self, at: 0) == 42)
            let again = try await connection.pipeline([PostgresStatement("INSERT INTO t VALUES (5)"), PostgresStatement("SELECT count(*) FROM t")])
            #expect(try again[1][0].decode(Int.self, at: 0) == 1)
            try await connection.withTransaction { conn in try await conn.execute("INSERT INTO t VALUES (6)") }
            #expect(try await count(connection) == 2)
        }
    }

    @Test func aTransactionOpenedInThePipelineIsRolledBackOnError() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int)")
            await #expect(throws: PostgresError.self) {
                try await connection.pipeline([
                    PostgresStatement("BEGIN"),
                    PostgresStatement("INSERT INTO t VALUES (1)"),
                    PostgresStatement("SELECT 1 / 0"),
                    PostgresStatement("COMMIT"),
                ])
            }
            #expect(try await count(connection) == 0)
            // Not left in a (failed) transaction: a new one starts and commits.
            try await connection.withTransaction { conn in try await conn.execute("INSERT INTO t VALUES (2)") }
            #expect(try await count(connection) == 1)
        }
    }

    /// A deferred constraint trigger runs when the pipeline's implicit transaction commits, at its
    /// sync point: its error comes after every statement's own result.
    private static let deferredCheck = """
        CREATE TABLE t (n int);
        CREATE FUNCTION at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.n < 0 THEN RAISE EXCEPTION 'negative at commit' USING ERRCODE = '23514'; END IF;
            IF NEW.n = 0 THEN PERFORM pg_sleep(30); END IF;
            RETURN NULL;
        END $$;
        CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION at_commit();
        """

    @Test func anErrorAtTheSyncPointFailsThePipeline() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript(Self.deferredCheck)
            let error = await #expect(throws: PostgresError.self) {
                try await connection.pipeline([PostgresStatement("INSERT INTO t VALUES (-1)"), PostgresStatement("SELECT 1")])
            }
            #expect(error?.sqlState == "23514", "\(String(describing: error))")
            #expect(try await count(connection) == 0)
            #expect(try await connection.pipeline([PostgresStatement("INSERT INTO t VALUES (1)")]).count == 1)
            #expect(try await count(connection) == 1)
        }
    }

    @Test func aSessionEndedAtTheSyncPointIsALostConnection() async throws {
        try await TestDatabase.withSchema { connection, schema in
            try await connection.executeScript(Self.deferredCheck)
            let pid = try #require(await connection.backendPID)
            let admin = try await TestDatabase.connect()
            let pipeline = Task { try await connection.pipeline([PostgresStatement("INSERT INTO t VALUES (0)")]) }
            // The INSERT has returned its result; the commit at the sync point is sleeping.
            try await eventually("the commit at the sync point sleeps", timeout: .seconds(10)) {
                try await admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event = 'PgSleep'", [pid])[0]
                    .decode(Int.self, at: 0) == 1
            }
            _ = try await admin.query("SELECT pg_terminate_backend($1::int4)", [pid])
            await admin.close()
            let error = await #expect(throws: PostgresError.self) { try await pipeline.value }
            #expect(error?.classification == .reconnect, "\(String(describing: error))")
            let check = try await TestDatabase.connect(schema: schema)
            #expect(try await count(check) == 0)
            await check.close()
        }
    }

    @Test func aBadParameterSendsNothing() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n text)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.pipeline([
                    PostgresStatement("INSERT INTO t VALUES ('a')"),
                    PostgresStatement("INSERT INTO t VALUES ($1)", ["nul\u{0}byte"]),
                ])
            }
            #expect(error?.code == .encodeFailed)
            #expect(try await count(connection) == 0)
        }
    }

    @Test func pipelinedTransactionCommitsRollsBackAndRefuses() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int PRIMARY KEY)")
            // Commit: opening rows reach the body; closing statements run with the COMMIT.
            let seen = try await connection.withPipelinedTransaction(opening: [
                PostgresStatement("INSERT INTO t VALUES (1) RETURNING n"),
            ]) { conn, rows in
                try await conn.execute("INSERT INTO t VALUES (2)")
                return .commit(closing: [PostgresStatement("INSERT INTO t VALUES ($1)", [3])], value: try rows[0][0].decode(Int.self, at: 0))
            }
            #expect(seen == 1)
            #expect(try await count(connection) == 3)

            // A failing closing statement: everything of the transaction rolls back.
            let error = await #expect(throws: PostgresError.self) {
                try await connection.withPipelinedTransaction(opening: [PostgresStatement("INSERT INTO t VALUES (10)")]) { _, _ in
                    .commit(closing: [PostgresStatement("INSERT INTO t VALUES (11)"), PostgresStatement("INSERT INTO t VALUES (1)")], value: ())
                }
            }
            #expect(error?.sqlState == "23505")
            #expect(try await count(connection) == 3)

            // The body throws, or refuses: rolled back.
            await #expect(throws: Boom.self) {
                try await connection.withPipelinedTransaction(opening: [PostgresStatement("INSERT INTO t VALUES (20)")]) { _, _ -> PipelinedTransactionEnd<Void> in
                    throw Boom()
                }
            }
            let refused = try await connection.withPipelinedTransaction(opening: [PostgresStatement("INSERT INTO t VALUES (21)")]) { _, _ in
                PipelinedTransactionEnd.rollBack("refused")
            }
            #expect(refused == "refused")
            #expect(try await count(connection) == 3)
            #expect(try await connection.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func aCancelledPipelineLeavesTheConnectionUsable() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE t (n int)")
            let task = Task {
                try await connection.pipeline([
                    PostgresStatement("INSERT INTO t VALUES (1)"),
                    PostgresStatement("SELECT pg_sleep(10)"),
                ])
            }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await #expect(throws: PostgresError.self) { try await task.value }
            #expect(error?.code == .cancelled)
            #expect(try await count(connection) == 0)
            #expect(try await connection.query("SELECT 7")[0].decode(Int.self, at: 0) == 7)
        }
    }

    @Test func preparedStatementsArePreparedOncePerSessionAndAgainAfterAReconnect() async throws {
        try await TestDatabase.withSchema { connection, _ in
            let statement = PostgresStatement("SELECT $1::int + 1 AS n", [1], prepared: true)
            func preparedCount() async throws -> Int {
                try await connection.query("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'cf_%'")[0].decode(Int.self, at: 0)
            }
            // Twice in one pipeline (prepared once), then again in another pipeline (not prepared again).
            let first = try await connection.pipeline([statement, PostgresStatement(statement.sql, [41], prepared: true)])
            #expect(try first.map { try $0[0].decode(Int.self, at: 0) } == [2, 42])
            _ = try await connection.pipeline([statement])
            #expect(try await preparedCount() == 1)

            // A failing pipeline before the first use: not prepared, and prepared by the next use.
            let other = PostgresStatement("SELECT $1::int * 2", [21], prepared: true)
            await #expect(throws: PostgresError.self) { try await connection.pipeline([PostgresStatement("SELECT 1/0"), other]) }
            #expect(try await connection.pipeline([other])[0][0].decode(Int.self, at: 0) == 42)
            #expect(try await preparedCount() == 2)

            // A new session has none; the statement is prepared again on first use.
            try await connection.reconnect()
            #expect(try await preparedCount() == 0)
            #expect(try await connection.pipeline([statement])[0][0].decode(Int.self, at: 0) == 2)
            #expect(try await preparedCount() == 1)
        }
    }
}
