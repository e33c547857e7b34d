import Foundation
import Testing
@testable import PostgresClient

@Suite struct PostgresCodecTests {
    @Test func copyEncoderEscapesEverySpecialCharacter() {
        var encoder = PostgresCopyRowEncoder()
        encoder.appendRow(["a\tb", "c\nd", "e\rf", "g\\h", nil, "", "\\N"])
        let text = String(decoding: encoder.bytes, as: UTF8.self)
        #expect(text == "a\\tb\tc\\nd\te\\rf\tg\\\\h\t\\N\t\t\\\\N\n")
    }

    @Test(arguments: [
        ("2024-05-01 12:34:56.123456+00", 1_714_566_896.123456),
        ("2024-05-01 14:34:56.123456+02", 1_714_566_896.123456),
        ("2024-05-01 07:04:56.123456-05:30", 1_714_566_896.123456),
        ("2024-05-01 12:34:56", 1_714_566_896.0),
        ("2024-05-01", 1_714_521_600.0),
        ("1969-12-31 23:59:59.5+00", -0.5),
        ("2000-02-29T00:00:00Z+00", .nan),
    ])
    func timestampsParse(text: String, expected: Double) {
        let parsed = PostgresTimestamp.parse(text)
        if expected.isNaN {
            #expect(parsed == nil)
        } else {
            let seconds = try? #require(parsed).timeIntervalSince1970
            #expect(abs((seconds ?? .infinity) - expected) < 0.000_001, "\(text)")
        }
    }

    @Test func timestampsRoundTripWithMicroseconds() throws {
        for seconds in [0.0, 1_714_566_896.123456, -1_000_000_000.000001, 253_402_300_799.999999, -62_135_596_800.0] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = PostgresTimestamp.format(date)
            let back = try #require(PostgresTimestamp.parse(text), "\(text)")
            #expect(abs(back.timeIntervalSince1970 - seconds) < 0.000_001, "\(text)")
        }
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00+00")
        #expect(PostgresTimestamp.parse("infinity") == .distantFuture)
    }

    @Test func stringsWithNULAreRejected() {
        #expect(throws: PostgresError.self) { try "a\u{0}b".postgresText() }
    }
}
