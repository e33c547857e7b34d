import Testing
@testable import Spintax

/// Cross-checks of counting, `variant(k)`, the odometer and draw mode on generated templates.
@Suite struct PropertyTests {
    /// A deterministic generator of small templates with nesting, empty alternatives, weights,
    /// permutations, conditionals and variables.
    struct Generator {
        var state: UInt64

        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            return Int(SpintaxHash.multiplyHigh(SpintaxHash.mix64(state), UInt64(n)))
        }

        mutating func sequence(depth: Int) -> String {
            (0..<(1 + next(depth == 0 ? 4 : 2))).map { _ in item(depth: depth) }.joined()
        }

        mutating func item(depth: Int) -> String {
            let words = ["a", "b ", " c", "dd", "", "é", "x|y"]
            switch depth < 3 ? next(7) : 0 {
            case 0, 1: return words[next(words.count - 1)]
            case 2: return "{V}"
            case 3: return "{?C?" + sequence(depth: depth + 1) + "|" + sequence(depth: depth + 1) + "}"
            case 4:
                let n = 2 + next(2)
                return "{[" + (next(2) == 0 ? "1-\(n)" : "") + "+,+]" + (0..<n).map { "p\($0)" + sequence(depth: depth + 1) }.joined(separator: "|") + "}"
            default:
                let n = 1 + next(3)
                return "{" + (0..<n).map { i in (next(4) == 0 ? "^\(1 + next(5)):" : "") + "\(i)" + sequence(depth: depth + 1) }.joined(separator: "|") + "}"
            }
        }
    }

    @Test(arguments: 0..<60)
    func enumeratorVariantAndDrawAgree(seed: Int) throws {
        var generator = Generator(state: UInt64(seed))
        let source = generator.sequence(depth: 0).replacingOccurrences(of: "x|y", with: "x\\|y")
        let template = try Template(source)
        for values in [["V": "v", "C": "yes"], ["V": "w"]] {
            let binding = try template.resolve(Binding(values))
            let total = try #require((binding.variantCount ?? template.count).exactValue)
            // Keep the full enumeration small; the generator occasionally nests to large spaces.
            guard total <= 5000 else { continue }
            let all = try template.allVariants(Binding(values))
            #expect(UInt64(all.count) == total, "\(source)")
            for k in 0..<min(all.count, 300) {
                #expect(try template.variantString(UInt64(k), Binding(values)) == all[k], "\(source) k=\(k)")
            }
            let space = Set(all)
            for index in 0..<40 as Range<UInt64> {
                #expect(space.contains(try template.renderString(seed: 7, index: index, values)), "\(source)")
            }
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
