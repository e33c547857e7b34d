import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite struct QueryTests {
    @Test func nullAndNonASCIITextRoundTrip() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE places (id int PRIMARY KEY, name text, note text)")
            let values: [String?] = ["São Paulo", "🚀 emoji 👩‍👩‍👧", "\t\n\\", "quote ' and \" and $1", nil, ""]
            for (id, value) in values.enumerated() {
                try await connection.execute("INSERT INTO places (id, name, note) VALUES ($1, $2, $3)", [id, value, nil])
            }
            let rows = try await connection.query("SELECT id, name, note FROM places ORDER BY id")
            #expect(rows.count == values.count)
            for row in rows {
                let id = try row.decode(Int.self, column: "id")
                #expect(try row.decode(String?.self, column: "name") == values[id])
                #expect(try row.decode(String?.self, at: 2) == nil)
                #expect(try row.isNull(at: 2))
            }
            let echoed = try await connection.query("SELECT $1::text AS a, $2::text AS b", ["Zürich ✓", nil])
            #expect(try echoed[0].decode(String.self, column: "a") == "Zürich ✓")
            #expect(try echoed[0].decode(String?.self, column: "b") == nil)
        }
    }

    @Test func typedValuesRoundTrip() async throws {
        let connection = try await TestDatabase.connect()
        defer { Task { await connection.close() } }
        let id = UUID()
        let when = Date(timeIntervalSince1970: 1_714_566_896.123456)
        struct Payload: Codable, Equatable { var name: String; var tags: [String] }
        let payload = Payload(name: "x", tags: ["a", "b"])
        let rows = try await connection.query(
            """
            SELECT $1::int8 AS i, $2::int4 AS i32, $3::bool AS b, $4::float8 AS d, $5::uuid AS u,
                   $6::timestamptz AS ts, $6::timestamptz::timestamp AS ts_naive, $7::jsonb AS j,
                   $8::int8 AS missing, 'NaN'::float8 AS nan, now() AS now
            """,
            [Int.max, Int32.min, true, 2.5e-8, id, when, try PostgresJSON(encoding: payload), Int?.none]
        )
        let row = try #require(rows.first)
        #expect(try row.decode(Int.self, column: "i") == Int.max)
        #expect(try row.decode(Int64.self, column: "i") == Int64.max)
        #expect(try row.decode(Int32.self, column: "i32") == Int32.min)
        #expect(try row.decode(Bool.self, column: "b") == true)
        #expect(try row.decode(Double.self, column: "d") == 2.5e-8)
        #expect(try row.decode(UUID.self, column: "u") == id)
        #expect(try row.decode(Date.self, column: "ts") == when)
        #expect(try row.decode(Int?.self, column: "missing") == nil)
        #expect(try row.decode(Double.self, column: "nan").isNaN)
        #expect(try row.decodeJSON(Payload.self, column: "j") == payload)
        #expect(try row.decode(PostgresJSON.self, column: "j").rawText.contains("\"tags\""))
        let now = try row.decode(Date.self, column: "now")
        #expect(abs(now.timeIntervalSinceNow) < 60)
        #expect(rows.columns.map(\.name).first == "i")
        #expect(rows.columns.first?.typeOID == 20)
    }

    @Test func timestampsDecodeInAnySessionTimeZone() async throws {
        let connection = try await TestDatabase.connect()
        defer { Task { await connection.close() } }
        try await connection.executeScript("SET TimeZone TO 'Asia/Kolkata'")
        let when = Date(timeIntervalSince1970: 1_700_000_000.25)
        let row = try #require(try await connection.query("SELECT $1::timestamptz AS t, $1::timestamptz::text AS shown", [when]).first)
        #expect(try row.decode(String.self, column: "shown").hasSuffix("+05:30"))
        #expect(try row.decode(Date.self, column: "t") == when)
    }

    @Test func decodeErrorsNameTheColumnRowAndText() async throws {
        let connection = try await TestDatabase.connect()
        defer { Task { await connection.close() } }
        let rows = try await connection.query("SELECT * FROM (VALUES (1, '12'), (2, 'twelve')) AS v(id, amount) ORDER BY id")
        #expect(try rows[0].decode(Int.self, column: "amount") == 12)
        let error = try #require(throws: PostgresError.self) { try rows[1].decode(Int.self, column: "amount") }
        #expect(error.code == .decodeFailed)
        #expect(error.column == "amount")
        #expect(error.rowIndex == 1)
        #expect(error.value == "twelve")
        #expect(error.description.contains("amount"))
        #expect(error.description.contains("twelve"))

        let nulls = try await connection.query("SELECT NULL::int AS maybe")
        let nullError = try #require(throws: PostgresError.self) { try nulls[0].decode(Int.self, column: "maybe") }
        #expect(nullError.column == "maybe")
        #expect(nullError.message.contains("NULL"))
        let missing = try #require(throws: PostgresError.self) { try nulls[0].decode(Int.self, column: "nope") }
        #expect(missing.description.contains("nope"))
    }

    @Test func executeReportsAffectedRowsAndScriptsRunSeveralStatements() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("""
                CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL);
                INSERT INTO counters SELECT g, 0 FROM generate_series(1, 5) g;
                """)
            let updated = try await connection.execute("UPDATE counters SET n = n + 1 WHERE id <= $1", [3])
            #expect(updated == 3)
            let rows = try await connection.query("SELECT sum(n)::int8 AS total FROM counters")
            #expect(try rows[0].decode(Int.self, column: "total") == 3)
            #expect(rows.commandTag == "SELECT 1")
        }
    }

    @Test func quoteIdentifierEscapesQuotes() async throws {
        let connection = try await TestDatabase.connect()
        defer { Task { await connection.close() } }
        #expect(try await connection.quoteIdentifier("odd \"name\"") == "\"odd \"\"name\"\"\"")
    }
}
