import Testing
@testable import Spintax

/// Weights, permutations, conditionals, comments and verbatim blocks (spec tier 2).
@Suite struct Tier2Tests {
    @Test func weightsBiasTheDrawButNotTheCount() throws {
        let template = try Template.valid("{^1000000:heavy|light}")
        #expect(template.count == .exact(2))
        #expect(try template.allVariants() == ["heavy", "light"])
        var heavy = 0
        for index in 0..<2000 as Range<UInt64> where try template.renderString(seed: 3, index: index) == "heavy" {
            heavy += 1
        }
        #expect(heavy > 1990)
        let even = try Template.valid("{^3:a|^1:b}")
        var a = 0
        for index in 0..<4000 as Range<UInt64> where try even.renderString(seed: 3, index: index) == "a" { a += 1 }
        #expect(a > 2800 && a < 3200)
    }

    @Test func caretElsewhereIsText() throws {
        #expect(try Template.valid("2^10 {x^2:y|z}").allVariants() == ["2^10 x^2:y", "2^10 z"])
    }

    @Test func permutationCountsAndOrder() throws {
        let fruit = try Template.valid("{[+, + and +]apples|pears|plums}")
        #expect(fruit.count == .exact(6))
        #expect(
            try fruit.allVariants() == [
                "apples, pears and plums", "apples, plums and pears", "pears, apples and plums",
                "pears, plums and apples", "plums, apples and pears", "plums, pears and apples",
            ])
        let rendered = Set(try (0..<100 as Range<UInt64>).map { try fruit.renderString(seed: 1, index: $0) })
        #expect(rendered == Set(try fruit.allVariants()))
        #expect(try Template.valid("{[2+,+]a|b|c}").count == .exact(6))
        #expect(try Template.valid("{[1-2+;+]a|b}").allVariants() == ["a", "b", "a;b", "b;a"])
        // k! e_k with unequal counts: {x|y} has 2 variants: k=2 gives 2 * (2*1) = 4 orders*choices.
        let mixed = try Template.valid("{[+ +]{x|y}|z}")
        #expect(mixed.count == .exact(4))
        #expect(try mixed.allVariants() == ["x z", "y z", "z x", "z y"])
    }

    @Test func bracketNotFollowedByRangeAndPlusIsText() throws {
        #expect(try Template.valid("{[x]+|y}").allVariants() == ["[x]+", "y"])
    }

    @Test func conditionals() throws {
        let template = try Template.valid("Serving {?County?in {County}|nearby}{?!Phone? (no phone)}.")
        #expect(try template.renderString(seed: 0, index: 0, ["County": "Travis County"]) == "Serving in Travis County (no phone).")
        #expect(try template.renderString(seed: 0, index: 0, ["County": "  ", "Phone": "555"]) == "Serving nearby.")
        #expect(try template.renderString(seed: 0, index: 0, [:]) == "Serving nearby (no phone).")
        let counted = try Template.valid("{?A?{x|y|z}|{p|q}}")
        #expect(counted.count == .exact(3))
        #expect(try counted.allVariants(Binding([:])) == ["p", "q"])
        #expect(try counted.resolve(Binding([:])).variantCount == .exact(2))
        #expect(counted.topLevelGroupCount == 0)
    }

    @Test func commentsAndVerbatim() throws {
        let template = try Template.valid("a{# {x|y} } | #}b{!{\"k\": [1|2]} {Nope}!}c")
        #expect(template.count == .exact(1))
        #expect(try template.renderString(seed: 0, index: 0) == "ab{\"k\": [1|2]} {Nope}c")
    }

    @Test func gidsDependOnlyOnGroupSourceAndOccurrence() throws {
        // Editing one group leaves the other groups' choices unchanged (D5, Docs/Templates.md#determinism).
        let before = try Template.valid("{a|b|c} middle {d|e|f} {a|b|c}")
        let after = try Template.valid("{a|b|c} changed {d|e|g} {a|b|c}")
        for index in 0..<100 as Range<UInt64> {
            let x = try before.renderString(seed: 5, index: index).split(separator: " ")
            let y = try after.renderString(seed: 5, index: index).split(separator: " ")
            #expect(x[0] == y[0])
            #expect(x[3] == y[3])
        }
        #expect(before.groups[before.topLevelGroups[0]].gid != before.groups[before.topLevelGroups[2]].gid)
    }
}
