/// The warnings about a plain group that need only its source: W101 (one alternative), W102
/// (duplicate alternatives), W103 (a variable-like token made a group by `|`) and W104 (a space
/// doubled next to the group).
struct GroupLinter {
    let src: [UInt8]
    /// Where the template starts (after a BOM).
    let start: Int

    /// W101, W102, W103, W104 for a plain group.
    func warnings(
        _ frame: TemplateParser.Frame, _ alts: [TemplateParser.PendingAlt], into diagnostics: inout [RawDiagnostic]
    ) {
        if alts.count == 1 {
            report(.W101, at: frame.open, length: frame.close + 1 - frame.open, "a group with one alternative always renders it", into: &diagnostics)
        }
        if alts.count >= 2, isVariableLike(alts[0].sourceStart..<alts[0].sourceEnd),
            alts.dropFirst().allSatisfy({ $0.sourceStart == $0.sourceEnd })
        {
            report(.W103, at: frame.open, length: frame.close + 1 - frame.open, "'|' makes this variable-like token a group", into: &diagnostics)
        }
        // Pairwise with a length check first: groups are small, and this avoids hashing every byte.
        for (index, alt) in alts.enumerated() where index > 0 {
            let length = alt.sourceEnd - alt.sourceStart
            let duplicate = alts[..<index].contains { other in
                other.sourceEnd - other.sourceStart == length
                    && src[other.sourceStart..<other.sourceEnd] == src[alt.sourceStart..<alt.sourceEnd]
            }
            if duplicate {
                report(.W102, at: alt.sourceStart, length: length, "duplicate alternative; distinct outputs are no longer guaranteed", into: &diagnostics)
            }
        }
        let before: UInt8? = frame.open > start ? src[frame.open - 1] : nil
        let after: UInt8? = frame.close + 1 < src.count ? src[frame.close + 1] : nil
        func isSpace(_ b: UInt8?) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        for alt in alts {
            let empty = alt.sourceStart == alt.sourceEnd
            let doubled =
                empty
                ? isSpace(before) && isSpace(after)
                : (isSpace(src[alt.sourceStart]) && isSpace(before)) || (isSpace(src[alt.sourceEnd - 1]) && isSpace(after))
            if doubled {
                report(.W104, at: alt.sourceStart, length: alt.sourceEnd - alt.sourceStart, "this alternative's space doubles the space next to the group", into: &diagnostics)
            }
        }
    }

    func report(_ code: DiagnosticCode, at offset: Int, length: Int, _ message: String, into diagnostics: inout [RawDiagnostic]) {
        diagnostics.append(RawDiagnostic(code: code, offset: offset, length: length, message: message, related: []))
    }

    func isVariableLike(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, isIdentStart(src[range.lowerBound]) else { return false }
        return src[range].allSatisfy { isIdentContinue($0) || $0 == UInt8(ascii: ":") }
    }
}
