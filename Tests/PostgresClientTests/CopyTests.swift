import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite struct CopyTests {
    /// A value exercising every character COPY text format escapes, plus non-ASCII.
    static func awkwardValue(_ index: Int) -> String? {
        switch index % 7 {
        case 0: return "plain \(index)"
        case 1: return "tab\there \(index)"
        case 2: return "line\nbreak\r\ncrlf \(index)"
        case 3: return "back\\slash \\N \\. \(index)"
        case 4: return nil
        case 5: return ""
        default: return "São Paulo 🚀\t\\\n\r \(index)"
        }
    }

    @Test func tenThousandAwkwardRowsRoundTrip() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE items (id int PRIMARY KEY, body text, extra text)")
            let rows = (0..<10_000).map { index -> [String?] in [String(index), Self.awkwardValue(index), Self.awkwardValue(index + 3)] }
            let copied = try await connection.copy(rows: rows, into: "items", columns: ["id", "body", "extra"])
            #expect(copied == 10_000)
            let back = try await connection.query("SELECT id, body, extra FROM items ORDER BY id")
            #expect(back.count == 10_000)
            var mismatches = 0
            for row in back {
                let id = try row.decode(Int.self, column: "id")
                if try row.decode(String?.self, column: "body") != Self.awkwardValue(id)
                    || row.decode(String?.self, column: "extra") != Self.awkwardValue(id + 3) {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0)
        }
    }

    @Test func typedRowsUseTheEncoder() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE events (id uuid, at timestamptz, n int8, ok bool)")
            let ids = (0..<500).map { _ in UUID() }
            let at = Date(timeIntervalSince1970: 1_700_000_000.5)
            let copied = try await connection.copyFromStdin("COPY events (id, at, n, ok) FROM STDIN", rows: ids.enumerated()) { item, encoder in
                try encoder.encode(item.element)
                try encoder.encode(at)
                try encoder.encode(item.offset)
                try encoder.encode(item.offset.isMultiple(of: 2) ? true : Bool?.none)
            }
            #expect(copied == 500)
            let rows = try await connection.query("SELECT count(*) AS n, count(ok) AS ok, min(at) AS at FROM events")
            #expect(try rows[0].decode(Int.self, column: "n") == 500)
            #expect(try rows[0].decode(Int.self, column: "ok") == 250)
            #expect(try rows[0].decode(Date.self, column: "at") == at)
        }
    }

    @Test func aBadRowFailsWithItsSQLStateAndTheConnectionStaysUsable() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE numbers (n int NOT NULL)")
            // The bad row sits past the first 1 MiB chunk, so the server fails mid-stream.
            var rows: [[String?]] = (0..<300_000).map { [String($0)] }
            rows[250_000] = ["not-a-number"]
            let error = try await #require(throws: PostgresError.self) {
                try await connection.copyFromStdin("COPY numbers (n) FROM STDIN", rows: rows)
            }
            #expect(error.code == .copyFailed)
            #expect(error.sqlState == "22P02")
            #expect(error.description.contains("not-a-number"))

            let nullError = try await #require(throws: PostgresError.self) {
                try await connection.copyFromStdin("COPY numbers (n) FROM STDIN", rows: [["1"], [nil]])
            }
            #expect(nullError.sqlState == "23502")

            #expect(try await connection.query("SELECT count(*) AS n FROM numbers")[0].decode(Int.self, column: "n") == 0)
            let copied = try await connection.copyFromStdin("COPY numbers (n) FROM STDIN", rows: [["1"], ["2"]])
            #expect(copied == 2)
        }
    }

    @Test func anEncoderErrorAbortsTheCopy() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.executeScript("CREATE TABLE words (w text)")
            struct Stop: Error {}
            var thrown: Error?
            do {
                try await connection.copyFromStdin("COPY words (w) FROM STDIN", rows: 0..<10) { index, encoder in
                    if index == 5 { throw Stop() }
                    encoder.append("w\(index)")
                }
            } catch {
                thrown = error
            }
            #expect(thrown is Stop)
            #expect(try await connection.query("SELECT count(*) AS n FROM words")[0].decode(Int.self, column: "n") == 0)
            #expect(try await connection.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
        }
    }
}
