import Testing
@testable import Spintax

/// Deep, unclosed and malformed input: answered without recursion on input depth, and lenient
/// recovery is deterministic (Docs/Templates.md#strict-and-lenient-mode).
@Suite struct RobustnessTests {
    static let depth = 100_000

    @Test func deepNestingIsRejectedStrictAndRenderedLenient() throws {
        let source = Array((String(repeating: "{", count: Self.depth) + "x" + String(repeating: "}", count: Self.depth)).utf8)
        let strict = Template.parse(source)
        #expect(strict.template == nil)
        let errors = strict.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == ["E008"])
        #expect(errors.first?.column == 33)

        let lenient = try #require(Template.parse(source, options: ParseOptions(mode: .lenient)).template)
        #expect(lenient.maxDepth == 32)
        let binding = try lenient.resolve(Binding([:]))
        var out: [UInt8] = []
        lenient.render(seed: 1, index: 2, binding: binding, into: &out)
        let inner = Self.depth - 32
        #expect(out == Array((String(repeating: "{", count: inner) + "x" + String(repeating: "}", count: inner)).utf8))
    }

    @Test func unclosedBracesAreRejectedStrictAndRenderedLenient() throws {
        let source = Array(String(repeating: "{a|", count: Self.depth).utf8)
        var options = ParseOptions()
        let strict = Template.parse(source, options: options)
        #expect(strict.template == nil)
        // 100 errors, then the note saying how many more were left out.
        #expect(strict.diagnostics.count == 101)
        #expect(strict.diagnostics.dropLast().allSatisfy { $0.code == "E002" })
        #expect(strict.diagnostics.last?.code == "N001")
        options.mode = .lenient
        let template = try #require(Template.parse(source, options: options).template)
        var out: [UInt8] = []
        template.render(seed: 5, index: 5, binding: try template.resolve(Binding([:])), into: &out)
        #expect(out == source)
    }

    @Test func manyUnclosedCommentsStayLinear() throws {
        let source = Array(String(repeating: "{#", count: Self.depth).utf8)
        let lenient = try #require(Template.parse(source, options: ParseOptions(mode: .lenient)).template)
        var out: [UInt8] = []
        lenient.render(seed: 0, index: 0, binding: try lenient.resolve(Binding([:])), into: &out)
        #expect(out == source)
    }

    @Test(arguments: [
        "{a|b", "a}b{", "{}", "x {a|{b|c} y", "{a|b}}{c", "{{{", "}}}", "{a|\u{FF}b}", "{[9+,+]a|b}", "{^0:a|b}",
        "{?X?a|b|c}", "{X:nope}", "{# open", "{! open", "\\",
    ])
    func lenientRecoveryIsDeterministicAndLiteral(_ text: String) throws {
        let source = Array(text.utf8)
        let options = ParseOptions(mode: .lenient)
        let first = Template.parse(source, options: options)
        let template = try #require(first.template)
        #expect(first.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(Template.parse(source, options: options).diagnostics == first.diagnostics)
        let binding = try template.resolve(Binding(["X": "v"]))
        for index in 0..<20 as Range<UInt64> {
            var a: [UInt8] = []
            var b: [UInt8] = []
            template.render(seed: 11, index: index, binding: binding, into: &a)
            try #require(Template.parse(source, options: options).template).render(seed: 11, index: index, binding: binding, into: &b)
            #expect(a == b)
        }
    }

    @Test func lenientRendersMalformedBytesAsThemselves() throws {
        func lenient(_ text: String) throws -> String {
            let template = try #require(Template.parse(Array(text.utf8), options: ParseOptions(mode: .lenient)).template)
            return try template.renderString(seed: 0, index: 0)
        }
        #expect(try lenient("{a|b") == "{a|b")
        #expect(try lenient("a}b") == "a}b")
        #expect(try lenient("x {} y") == "x {} y")
        #expect(try lenient("{a|{b c}") == "{a|b c")
        #expect(try lenient("{X:nope} ok") == "{X:nope} ok")
        #expect(try lenient("{# open") == "{# open")
    }

    @Test func invalidUTF8IsCopiedInLenientMode() throws {
        let source: [UInt8] = [0x61, 0xFF, 0xC3, 0x28, 0x62]
        let template = try #require(Template.parse(source, options: ParseOptions(mode: .lenient)).template)
        var out: [UInt8] = []
        template.render(seed: 0, index: 0, binding: try template.resolve(Binding([:])), into: &out)
        #expect(out == source)
        #expect(Template.parse(source).diagnostics.map(\.code) == ["E000", "E000"])
    }
}
