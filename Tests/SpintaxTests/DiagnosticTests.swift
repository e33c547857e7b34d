import Testing
@testable import Spintax

/// Every code of Docs/Templates.md#diagnostics at an exact position.
@Suite struct DiagnosticTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var source: [UInt8]
        var code: String
        var line: Int
        var column: Int
        var schema: [String]? = nil
        var maxBytes: Int? = nil
        var testDescription: String { "\(code) in \(String(decoding: source, as: UTF8.self).debugDescription)" }

        init(_ source: String, _ code: String, _ line: Int, _ column: Int, schema: [String]? = nil, maxBytes: Int? = nil) {
            self.source = Array(source.utf8)
            self.code = code
            self.line = line
            self.column = column
            self.schema = schema
            self.maxBytes = maxBytes
        }

        init(bytes: [UInt8], _ code: String, _ line: Int, _ column: Int) {
            self.source = bytes
            self.code = code
            self.line = line
            self.column = column
        }
    }

    static let cases: [Case] = [
        Case(bytes: [0x61, 0xFF, 0x62], "E000", 1, 2),
        Case(bytes: Array("é\n\tx".utf8) + [0xC3], "E000", 2, 3),
        Case("ab}", "E001", 1, 3),
        Case("a\r\nb}", "E001", 2, 2),
        Case("a\rb\nc}", "E001", 3, 2),
        Case("x\n {a|b", "E002", 2, 2),
        Case("é {a", "E002", 1, 3),
        Case("a {} b", "E003", 1, 3),
        Case("In {Ctiy}.", "E004", 1, 4, schema: ["City"]),
        Case("{?Cuonty?a|b}", "E004", 1, 1, schema: ["County"]),
        Case("{^0:a|b}", "E005", 1, 2),
        Case("{a|^1000001:b}", "E005", 1, 4),
        Case("{a|^07:b}", "E005", 1, 4),
        Case("{[+,+]a|^2:b}", "E005", 1, 9),
        Case("{[2-5+, +]a|b}", "E006", 1, 2),
        Case("{[0+,+]a|b}", "E006", 1, 2),
        Case("{[+, a|b}", "E006", 1, 2),
        Case("a {# never closed", "E007", 1, 3),
        Case("{! never closed", "E007", 1, 1),
        Case(String(repeating: "{", count: 33) + "a|b" + String(repeating: "}", count: 33), "E008", 1, 33),
        Case("abcdef", "E009", 1, 1, maxBytes: 4),
        Case("{[+,+]a|b|c|d|e|f|g|h|i|j|k|l|m}", "E010", 1, 1),
        Case("{City:shout}", "E011", 1, 6),
        Case("{City:lower:shout}", "E011", 1, 12),
        Case("{?City}", "E012", 1, 1),
        Case("{?City?a|b|c}", "E012", 1, 1),
        Case("{? City?a}", "E012", 1, 1),
        Case("{hello world}", "W101", 1, 1),
        Case("{a|b|a}", "W102", 1, 6),
        Case("{City|}", "W103", 1, 1),
        Case("word {a|} word", "W104", 1, 9),
        Case("x {a |b} y", "W104", 1, 4),
        Case("{a\n\nb|c}", "W105", 1, 1),
        Case("{a\n  \t\nb|c}", "W105", 1, 1),
        Case("{city}", "W106", 1, 1, schema: ["City"]),
        Case("a\\qb", "W107", 1, 2),
    ]

    @Test(arguments: cases)
    func reportsCodeAtPosition(_ c: Case) throws {
        var options = ParseOptions()
        if let schema = c.schema { options.schema = try VariableSchema(names: schema) }
        if let maxBytes = c.maxBytes { options.maxTemplateBytes = maxBytes }
        let result = Template.parse(c.source, options: options)
        let found = result.diagnostics.filter { $0.code == c.code }
        #expect(found.count == 1, "\(result.diagnostics)")
        let d = try #require(found.first)
        #expect(d.line == c.line)
        #expect(d.column == c.column)
        if c.code.hasPrefix("E") {
            #expect(d.severity == .error)
            #expect(result.template == nil)
        } else {
            #expect(d.severity == .warning)
            #expect(result.template != nil)
        }
        // Lenient mode turns the same error into a warning and still yields a template.
        options.mode = .lenient
        let lenient = Template.parse(c.source, options: options)
        let again = try #require(lenient.diagnostics.first { $0.code == c.code })
        #expect(again.severity == .warning)
        #expect((again.line, again.column) == (c.line, c.column))
        if c.code != "E009" { #expect(lenient.template != nil) }
    }

    @Test func unclosedBraceMessageAndRelatedPositions() throws {
        let source = "Intro.\nIn {City}, {our|the} {team|crew {certified|licensed} techs\n\nMore text.\n"
        let result = Template.parse(Array(source.utf8))
        let d = try #require(result.diagnostics.first { $0.code == "E002" })
        #expect((d.line, d.column, d.byteOffset, d.length) == (2, 22, 28, 1))
        #expect(d.message == "'{' is never closed (template ends at 5:1)")
        #expect(d.related.map(\.line) == [5, 3])
        #expect(d.related[1].column == 1)
    }

    @Test func didYouMeanAndCaseWarning() throws {
        let schema = try VariableSchema(names: ["City", "State_Abbr", "Niche"])
        let result = Template.parse(Array("{Cty} {state_abbr} {Zzzzzz}".utf8), options: ParseOptions(schema: schema))
        let messages = result.diagnostics.map { "\($0.code) \($0.message)" }
        #expect(
            messages == [
                "E004 unknown variable 'Cty'; did you mean 'City'?",
                "W106 variable 'state_abbr' is declared as 'State_Abbr'",
                "E004 unknown variable 'Zzzzzz'",
            ])
    }

    @Test func sortedByLineColumnCodeAndLimited() throws {
        let source = "}" + String(repeating: " {}", count: 150) + "\n{a|a"
        var options = ParseOptions()
        options.maxDiagnostics = 100
        let result = Template.parse(Array(source.utf8), options: options)
        #expect(result.diagnostics.count == 101)
        #expect(result.diagnostics.first?.code == "E001")
        let keys = result.diagnostics.map { [$0.line, $0.column] }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(result.diagnostics.dropFirst().dropLast().allSatisfy { $0.code == "E003" })
        let note = try #require(result.diagnostics.last)
        #expect((note.severity, note.code, note.line, note.column) == (.note, "N001", 2, 5))
        #expect(note.message.hasPrefix("52 more diagnostics left out (52 errors, 0 warnings)"))
    }

    /// Fuzz/crashes/strict-error-truncated-minimal.txt: 100 warnings before the only error used to fill
    /// the limit, so a rejected template came back without an error.
    @Test func truncationKeepsErrorsBeforeWarnings() throws {
        let source = String(repeating: "{a b}", count: 100) + "{"
        let result = Template.parse(Array(source.utf8))
        #expect(result.template == nil)
        #expect(result.diagnostics.count == 101)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == ["E002"])
        #expect(result.diagnostics.filter { $0.code == "W101" }.count == 99)
        // The error is last by position, so it follows the 99 warnings, and the note follows it.
        #expect(result.diagnostics[99].code == "E002")
        let note = result.diagnostics[100]
        #expect((note.severity, note.code, note.byteOffset, note.length) == (.note, "N001", 501, 0))
        #expect(note.message.hasPrefix("1 more diagnostic left out (0 errors, 1 warning)"))
        let keys = result.diagnostics.map { [$0.line, $0.column] }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test(arguments: [ParseOptions.Mode.strict, .lenient])
    func truncationWithMoreErrorsThanTheLimitKeepsTheFirstErrors(mode: ParseOptions.Mode) throws {
        // 3 warnings, then 5 errors, limit 4: the 4 first errors, no warning, then the note.
        let source = "{a b}{c d}{e f}" + String(repeating: "}", count: 5)
        var options = ParseOptions(mode: mode)
        options.maxDiagnostics = 4
        let result = Template.parse(Array(source.utf8), options: options)
        #expect(result.diagnostics.map(\.code) == ["E001", "E001", "E001", "E001", "N001"])
        #expect(result.diagnostics.map(\.column) == [16, 17, 18, 19, 21])
        let note = try #require(result.diagnostics.last)
        #expect(note.message.hasPrefix("4 more diagnostics left out (1 error, 3 warnings)"))
    }

    @Test func noNoteWhenNothingIsLeftOut() {
        var options = ParseOptions()
        options.maxDiagnostics = 3
        let result = Template.parse(Array("{a b}{c d}{e f}".utf8), options: options)
        #expect(result.diagnostics.map(\.code) == ["W101", "W101", "W101"])
    }

    @Test func byteOffsetsCountTheBOMButColumnsDoNot() throws {
        let result = Template.parse([0xEF, 0xBB, 0xBF] + Array("a}".utf8))
        let d = try #require(result.diagnostics.first)
        #expect((d.code, d.line, d.column, d.byteOffset) == ("E001", 1, 2, 4))
    }

    @Test func schemaRejectsNamesDifferingOnlyInCase() {
        #expect(throws: SpintaxError.self) { try VariableSchema(names: ["City", "CITY"]) }
        #expect(throws: SpintaxError.self) { try VariableSchema(names: ["not valid"]) }
    }

    @Test func cleanTemplateHasNoDiagnostics() throws {
        let result = Template.parse(try Fixtures.bytes("headline_template.txt"))
        #expect(result.diagnostics.isEmpty)
        let nested = Template.parse(try Fixtures.bytes("headline_template_nested.txt"))
        #expect(nested.diagnostics.isEmpty)
    }

    @Test func formatsCompilerStyleText() throws {
        let source = Array("ok\nIn {City}, {our|the} {team|crew\n".utf8)
        let result = Template.parse(source)
        let text = DiagnosticFormatter.text(result.diagnostics, source: source, fileName: "article.spx")
        #expect(
            text == """
                article.spx:2:22: error[E002]: '{' is never closed (template ends at 3:1)
                    2 | In {City}, {our|the} {team|crew
                      |                      ^
                article.spx:3:1: note: the template ends here

                """)
    }
}
