import Testing
@testable import Spintax

/// Rendering semantics of Docs/Templates.md#syntax: literal text, atomic values, modifiers, determinism.
@Suite struct RenderTests {
    @Test(arguments: ["Best X | Brand", "C++ and C#", "$& costs $$ [x] ^y #z !w ?v +u", "100% | 50%", ""])
    func topLevelMarkupIsPlainText(_ source: String) throws {
        let template = try Template.valid(source)
        #expect(template.count == .exact(1))
        #expect(try template.renderString(seed: 1, index: 0) == source)
        #expect(try template.variantString(0) == source)
    }

    @Test func markdownLinkKeepsBrackets() throws {
        let template = try Template.valid("See [guide](https://x/{a|b})")
        #expect(template.count == .exact(2))
        #expect(try template.allVariants() == ["See [guide](https://x/a)", "See [guide](https://x/b)"])
        #expect(try Template.valid("{[1]|[2]}").allVariants() == ["[1]", "[2]"])
    }

    @Test func boundValuesAreAtomic() throws {
        let template = try Template.valid("<{City}>")
        let value = "{a|b} | $& $$ \\{ {City}"
        for index in 0..<20 as Range<UInt64> {
            #expect(try template.renderString(seed: 9, index: index, ["City": value]) == "<\(value)>")
        }
    }

    @Test func doubleBraceEqualsSingleBrace() throws {
        let double = try Template.valid("In {{City}}, {a|b}", schema: ["City"])
        let single = try Template.valid("In {City}, {a|b}", schema: ["City"])
        #expect(Template.parse(Array("{{City}}".utf8)).diagnostics.isEmpty)
        #expect(double.count == single.count)
        #expect(double.totalGroupCount == single.totalGroupCount)
        for index in 0..<50 as Range<UInt64> {
            #expect(
                try double.renderString(seed: 3, index: index, ["City": "Austin"])
                    == single.renderString(seed: 3, index: index, ["City": "Austin"]))
        }
    }

    @Test func escapes() throws {
        #expect(try Template.valid(##"\{a\|b\} \\ \^ \[ \] \# \! \+ \?"##).renderString(seed: 0, index: 0) == #"{a|b} \ ^ [ ] # ! + ?"#)
        #expect(try Template.valid(#"{x\|y|z}"#).allVariants() == ["x|y", "z"])
        // A backslash before anything else is kept with it (W107).
        #expect(try Template.valid(#"C:\dir\n"#).renderString(seed: 0, index: 0) == #"C:\dir\n"#)
    }

    @Test func whitespaceAndEmptyAlternativesAreKept() throws {
        let template = try Template.valid("word {a|} word\r\nline2\rline3")
        #expect(try template.allVariants() == ["word a word\r\nline2\rline3", "word  word\r\nline2\rline3"])
    }

    @Test func modifiers() throws {
        func render(_ source: String, _ value: String) throws -> String {
            try Template.valid(source).renderString(seed: 0, index: 0, ["X": value])
        }
        #expect(try render("{X:lower}", "ÀBC Straße") == "àbc straße")
        #expect(try render("{X:upper}", "straße ß") == "STRASSE SS")
        #expect(try render("{X:capitalize}", "élan vital") == "Élan vital")
        #expect(try render("{X:title}", "new  york city") == "New  York City")
        #expect(try render("{X:slug}", "  São Paulo -- 2025! ") == "s-o-paulo-2025")
        #expect(try render("{X:a_an}", "apple") == "an apple")
        #expect(try render("{X:a_an}", "pear") == "a pear")
        #expect(try render("{X:a_an}", "hour") == "an hour")
        #expect(try render("{X:a_an}", "unicorn") == "a unicorn")
        #expect(try render("{X:trim}", " \t x y \n") == "x y")
        #expect(try render("{X:trim:upper:a_an}", "  owl ") == "an OWL")
    }

    @Test func htmlEscapingTouchesOnlyValues() throws {
        let template = try Template.valid("<b>{X}</b> & {a|a}")
        #expect(try template.renderString(seed: 0, index: 0, ["X": #"Tom & "Jerry" <'s>"#], html: true) == #"<b>Tom &amp; &quot;Jerry&quot; &lt;&#39;s&gt;</b> & a"#)
        #expect(try template.renderString(seed: 0, index: 0, ["X": "a&b"]) == "<b>a&b</b> & a")
    }

    @Test func variableNamesMatchCaseInsensitively() throws {
        let template = try Template.valid("{city}/{CITY}/{City}")
        #expect(template.variableNames == ["city"])
        #expect(try template.renderString(seed: 0, index: 0, ["City": "Oslo"]) == "Oslo/Oslo/Oslo")
    }

    @Test func unboundOrEmptyVariableIsR001() throws {
        let template = try Template.valid("Hi {Name}, from {City}")
        #expect {
            try template.resolve(Binding(["Name": "Ann"]))
        } throws: { error in
            let error = error as! SpintaxError
            return error.code == .unboundVariable && error.diagnostics.map(\.code) == ["R001"]
                && error.diagnostics.first?.column == 17
        }
        #expect(throws: SpintaxError.self) { try template.resolve(Binding(["Name": "", "City": "Rome"])) }
    }

    @Test func lowercasedValuesResolveLikeABinding() throws {
        let template = try Template.valid("{Name:upper} in {city:title}{?Extra? and {Extra}|}: {A|B} {name}")
        for values in [["name": "ann", "city": "new york", "extra": "more"], ["name": "ann", "city": "oslo"]] {
            let viaBinding = try template.resolve(Binding(values))
            let direct = try template.resolve(lowercasedValues: values)
            for index in 0..<4 as Range<UInt64> {
                var a: [UInt8] = [], b: [UInt8] = []
                template.render(seed: 7, index: index, binding: viaBinding, into: &a)
                template.render(seed: 7, index: index, binding: direct, into: &b)
                #expect(a == b)
            }
        }
        // The same R001, naming every slot left empty or unbound.
        let missing = ["name": "", "extra": "x"]
        let errors = [
            #expect(throws: SpintaxError.self) { try template.resolve(Binding(missing)) },
            #expect(throws: SpintaxError.self) { try template.resolve(lowercasedValues: missing) },
        ]
        #expect(errors[0]?.message == "the row leaves 'Name', 'city', 'name' unbound or empty")
        #expect(errors[0]?.message == errors[1]?.message && errors[0]?.diagnostics == errors[1]?.diagnostics)
    }

    @Test func renderIsAPureFunctionOfSeedAndIndex() throws {
        let template = try Fixtures.template("headline_template_nested.txt")
        let binding = try template.resolve(try Fixtures.bindings()[0])
        var a: [UInt8] = []
        var b: [UInt8] = []
        var seen = Set<[UInt8]>()
        for index in 0..<200 as Range<UInt64> {
            a.removeAll()
            b = Array("prefix".utf8)
            template.render(seed: 42, index: index, binding: binding, into: &a)
            template.render(seed: 42, index: index, binding: binding, into: &b)
            #expect(Array("prefix".utf8) + a == b)
            seen.insert(a)
        }
        #expect(seen.count > 100)
        // Counter-based choice (Docs/Templates.md#the-primitives): each group draws draw(seed, i, gid, n): check the first top-level group directly.
        let first = template.groups[template.topLevelGroups[0]]
        for index in 0..<50 as Range<UInt64> {
            a.removeAll()
            template.render(seed: 7, index: index, binding: binding, into: &a)
            let choice = SpintaxHash.draw(seed: 7, article: index, groupID: first.gid, count: UInt64(first.altCount))
            let prefixes = ["Best ", "Top ", "Trusted", "Most ", "Highly "]
            let expected = choice == 0 ? ["Best ", "Top "] : choice == 1 ? ["Trusted"] : ["Most ", "Highly "]
            #expect(expected.contains { a.starts(with: Array($0.utf8)) }, "\(prefixes)")
        }
    }

    @Test func listVariablesAreCountedAndDrawn() throws {
        let template = try Template.valid("{a|b}-{Color}")
        let binding = try template.resolve(Binding(values: [:], lists: ["Color": ["red", "green", "blue"]]))
        #expect(template.count == .exact(2))
        #expect(binding.variantCount == .exact(6))
        var enumerator = template.makeVariantEnumerator(binding: binding)
        var out: [UInt8] = []
        var all: [String] = []
        while enumerator.next(into: &out) { all.append(String(decoding: out, as: UTF8.self)) }
        #expect(all == ["a-red", "a-green", "a-blue", "b-red", "b-green", "b-blue"])
        var rendered = Set<String>()
        for index in 0..<100 as Range<UInt64> {
            out.removeAll()
            template.render(seed: 1, index: index, binding: binding, into: &out)
            rendered.insert(String(decoding: out, as: UTF8.self))
        }
        #expect(rendered == Set(all))
    }

    @Test func countOverflowReportsLog10() throws {
        let group = "{a|b|c|d|e|f|g|h|i|j}"
        let template = try Template.valid(String(repeating: group, count: 25))
        guard case .atLeast(let value, let log10) = template.count else {
            Issue.record("expected overflow, got \(template.count)")
            return
        }
        #expect(value == UInt64.max)
        #expect(abs(log10 - 25) < 1e-6)
        #expect(try Template.valid(String(repeating: group, count: 19)).count == .exact(10_000_000_000_000_000_000))
    }
}
