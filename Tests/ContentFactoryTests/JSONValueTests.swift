import Testing
@testable import ContentFactory

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "x\"y\\z\/\n\u00e9\ud83d\ude00"}, "d": ""} "#)
        let expected = JSONValue.object([
            "a": .array([.integer(1), .integer(-2), .number(3.5), .number(1000), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("x\"y\\z/\né😀")]),
            "d": .string(""),
        ])
        #expect(value == expected)
        #expect(try JSONValue(parsing: "9223372036854775807") == .integer(Int64.max))
        #expect(try JSONValue(parsing: "[]") == .array([]))
        #expect(try JSONValue(parsing: "{}") == .object([:]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "\"\\x\"", "1 2", "{\"a\":1,}", "\"\\ud800\"", "-", "\"a\u{01}\""])
    func rejectsMalformedText(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: deep) }
    }

    @Test func encodesBackToEqualValues() throws {
        let value = try JSONValue(parsing: #"{"b": "tab\there \"q\" \u0001", "a": [1, 2.5, null]}"#)
        #expect(try JSONValue(parsing: JSONText.encode(value)) == value)
    }
}
