import Testing
@testable import Spintax

@Suite struct DialectConverterTests {
    @Test func spintaxCore() throws {
        let result = DialectConverter.convert("Hi %Name%! [<, >a|b|c] /# note #/ /!{\"x\":1}!/ 50% off\n#set x = 1\n", from: .spintaxCore)
        #expect(result.output == "Hi {Name}! {[+, +]a|b|c} {# note #} {!{\"x\":1}!} 50% off\n#set x = 1\n")
        #expect(result.changes.count == 4)
        #expect(result.unsupported.map(\.original) == ["#set x = 1"])
        #expect(Template.parse(Array(result.output.utf8)).template != nil)
    }

    @Test func spintaxExtended() {
        let result = DialectConverter.convert("[+ and +apples|pears]", from: .spintaxExtended)
        #expect(result.output == "{[+ and +]apples|pears}")
    }

    @Test func spark() throws {
        let result = DialectConverter.convert("{{CITY}}: [[A_AN:{Niche}]] [[CAP:city]] [[CAP:{a|b}]]", from: .spark)
        #expect(result.output == "{{CITY}}: {Niche:a_an} {city:capitalize} [[CAP:{a|b}]]")
        #expect(result.changes.map(\.byteOffset) == [10, 27])
        #expect(result.unsupported.map(\.original) == ["[[CAP:{a|b}]]"])
        let template = try Template(result.output, options: ParseOptions(mode: .lenient))
        #expect(try template.renderString(seed: 0, index: 0, ["CITY": "Oslo", "Niche": "owl", "city": "oslo"]).hasPrefix("Oslo: an owl Oslo"))
    }

    @Test func spintaxpyRangesAreReported() {
        let result = DialectConverter.convert("{1,5} {a|b}", from: .spintaxpy)
        #expect(result.output == "{1,5} {a|b}")
        #expect(result.unsupported.map(\.original) == ["{1,5}"])
    }
}
