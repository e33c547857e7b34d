/// Parses a template in two linear passes without recursion, and builds it.
///
/// ``TemplateScanner`` (pass 1) matches braces first, so every `{` is known to be closed (and where)
/// or unclosed, and every stray `}` is known, before any node is built. This type (pass 2) then builds
/// the flat node array; unclosed and stray braces simply become text, which is why recovery needs no
/// backtracking and stays linear on 100,000 unclosed `{`. Permutation headers are read by
/// ``PermutationHeader``, a plain group's source-only warnings come from ``GroupLinter``, and
/// identical constructs are found through ``HashHeads``.
struct TemplateParser {
    static let maxNesting = 32
    static let maxPermutationAlternatives = 12
    static let maxWeight: UInt64 = 1_000_000

    let src: [UInt8]
    let options: ParseOptions
    let lenient: Bool
    var start = 0
    var diagnostics: [RawDiagnostic] = []

    // From pass 1.
    var constructs: [TemplateScanner.Construct] = []
    var strays: [Int] = []
    var blankLines: BlankLines? = nil

    // Pass 2.
    struct Frame {
        var kind: NodeKind
        var open: Int
        var close: Int
        var node: Int
        var altBase: Int
        var depth: Int
        var permutation: PermutationInfo?
        var permutationRange: (min: Int, max: Int)?
        var slot: Int
    }
    struct PendingAlt {
        var start: Int
        var weight: UInt64
        var sourceStart: Int
        var sourceEnd: Int
    }
    struct SlotKey: Hashable {
        var key: String
        var modifiers: [Modifier]
    }
    var nodes: [Node] = []
    var literals: [UInt8] = []
    var groups: [GroupInfo] = []
    var alternatives: [AltInfo] = []
    var permutations: [PermutationInfo] = []
    var variableGroupIDs: [UInt64] = []
    var slots: [SlotSpec] = []
    var slotIndex: [SlotKey: Int] = [:]
    var topLevel: [Int] = []
    /// fnv1a64 of a construct's source → first entry in `sources` with that hash. Lookup only (never
    /// iterated), so nothing about its layout can reach the output (D2, Docs/Templates.md#determinism).
    var occurrenceHeads = HashHeads()
    /// Distinct construct sources: where, how many seen so far, the next entry with the same hash, and
    /// for a variable token that parsed without diagnostics its slot (else -1), so identical tokens
    /// skip the name checks.
    var sources: [(offset: Int, length: Int, count: UInt64, next: Int, slot: Int)] = []
    var variableNames: [String] = []
    var seenNames: Set<String> = []
    var frames: [Frame] = []
    var pending: [PendingAlt] = []
    /// The alternatives of the group being closed; reused so closing a group allocates nothing.
    var closing: [PendingAlt] = []
    var conditionalDepth = 0
    var realGroupCount = 0
    var maxDepth = 0

    init(source: [UInt8], options: ParseOptions) {
        self.src = source
        self.options = options
        self.lenient = options.mode == .lenient
    }

    // MARK: - Driver

    mutating func run() -> ParseResult {
        let limit = min(options.maxTemplateBytes, 1 << 30)
        if src.count > limit {
            report(.E009, at: 0, length: 0, "template is \(src.count) bytes; the limit is \(limit)")
            return finish(buildTemplate: false)
        }
        if src.count >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF { start = 3 }
        var scanner = TemplateScanner(source: src, start: start)
        scanner.validateUTF8()
        scanner.matchBraces()
        diagnostics.append(contentsOf: scanner.diagnostics)
        constructs = scanner.constructs
        strays = scanner.strays
        build()
        return finish(buildTemplate: true)
    }

    mutating func finish(buildTemplate: Bool) -> ParseResult {
        let locator = SourceLocator(source: src, start: start)
        let diagnostics = locator.resolve(diagnostics, lenient: lenient, limit: max(0, options.maxDiagnostics))
        let hasErrors = self.diagnostics.contains { $0.code.isError }
        guard buildTemplate, lenient || !hasErrors else {
            return ParseResult(template: nil, diagnostics: diagnostics)
        }
        let template = Template(
            nodes: nodes, literals: literals, groups: groups, alternatives: alternatives,
            permutations: permutations, variableGroupIDs: variableGroupIDs, slots: slots,
            topLevelGroups: topLevel, totalGroupCount: realGroupCount, maxDepth: maxDepth,
            variableReferenceCount: variableGroupIDs.count, variableNames: variableNames, source: src)
        return ParseResult(template: template, diagnostics: diagnostics)
    }

    mutating func report(
        _ code: DiagnosticCode, at offset: Int, length: Int, _ message: String, related: [(String, Int)] = []
    ) {
        diagnostics.append(RawDiagnostic(code: code, offset: offset, length: length, message: message, related: related))
    }


    // MARK: - Pass 2: nodes

    mutating func build() {
        // Sized from pass 1 so the arrays rarely grow: every brace is at most one group or variable,
        // with a node per alternative end and text between.
        let braces = constructs.count
        occurrenceHeads.reserve(braces)
        nodes.reserveCapacity(5 * braces + 64)
        literals.reserveCapacity(src.count)
        groups.reserveCapacity(braces)
        alternatives.reserveCapacity(2 * braces)
        sources.reserveCapacity(braces)
        variableGroupIDs.reserveCapacity(braces)
        frames.reserveCapacity(Self.maxNesting + 1)
        pending.reserveCapacity(64)
        var i = start
        let n = src.count
        var constructCursor = 0
        var strayCursor = 0
        while i < n {
            let byte = src[i]
            switch byte {
            case UInt8(ascii: "\\"):
                i = escape(at: i)
            case UInt8(ascii: "{"):
                i = open(at: i, cursor: &constructCursor)
            case UInt8(ascii: "}"):
                if strayCursor < strays.count && strays[strayCursor] == i {
                    strayCursor += 1
                    report(.E001, at: i, length: 1, "'}' has no matching '{'")
                    emitText(i..<(i + 1))
                } else if let frame = frames.last, frame.close == i {
                    endAlternative(at: i)
                    closeFrame()
                } else {
                    emitText(i..<(i + 1))  // unreachable by construction; keep bytes rather than trap
                }
                i += 1
            case UInt8(ascii: "|") where !frames.isEmpty:
                endAlternative(at: i)
                i = beginAlternative(at: i + 1)
            default:
                let inGroup = !frames.isEmpty
                let j = src.withUnsafeBufferPointer { p in
                    var j = i + 1
                    while j < n {
                        let b = p[j]
                        if b == UInt8(ascii: "\\") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}")
                            || (inGroup && b == UInt8(ascii: "|"))
                        {
                            break
                        }
                        j += 1
                    }
                    return j
                }
                emitText(i..<j)
                i = j
            }
        }
        nodes.append(Node(kind: .end))
        threadJumps()
        fuseTextPairs()
    }

    /// Marks text nodes followed directly by a uniform group or a variable (see
    /// ``NodeKind/textThenGroup``). The layout is unchanged; only draw mode reads the mark.
    mutating func fuseTextPairs() {
        for pc in nodes.indices.dropLast() where nodes[pc].kind == .text {
            switch nodes[pc + 1].kind {
            case .group: nodes[pc].kind = .textThenGroup
            case .variable: nodes[pc].kind = .textThenVariable
            default: break
            }
        }
    }

    /// Points every text and variable node, and every alternative, past the jump nodes that follow, so
    /// draw mode never dispatches a jump.
    mutating func threadJumps() {
        func follow(_ pc: Int) -> Int {
            var pc = pc
            while nodes[pc].kind == .jump { pc = Int(nodes[pc].a) }
            return pc
        }
        for pc in nodes.indices where nodes[pc].kind == .text || nodes[pc].kind == .variable {
            nodes[pc].c = UInt32(follow(pc + 1))
        }
        for a in alternatives.indices {
            alternatives[a].drawStart = UInt32(follow(Int(alternatives[a].start)))
        }
    }

    static func isEscapable(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "\\"), UInt8(ascii: "^"),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "#"), UInt8(ascii: "!"), UInt8(ascii: "+"),
            UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }

    /// Handles the `\` at `i`; returns the next position.
    mutating func escape(at i: Int) -> Int {
        let n = src.count
        if i + 1 < n && Self.isEscapable(src[i + 1]) {
            emitText((i + 1)..<(i + 2))
            return i + 2
        }
        let nextLength = i + 1 < n ? max(1, utf8ScalarLength(src, at: i + 1)) : 0
        report(.W107, at: i, length: 1 + nextLength, "'\\' does not escape this character; both are kept")
        emitText(i..<(i + 1 + nextLength))
        return i + 1 + nextLength
    }

    /// Handles the `{` at `i`; returns the next position.
    mutating func open(at i: Int, cursor: inout Int) -> Int {
        let construct = constructs[cursor]
        cursor += 1
        switch construct.kind {
        case .comment, .verbatim:
            if construct.close < 0 {
                let opener = construct.kind == .comment ? "{#" : "{!"
                report(.E007, at: i, length: 2, "'\(opener)' is never closed")
                emitText(i..<(i + 1))
                return i + 1
            }
            if construct.kind == .verbatim { emitText((i + 2)..<construct.close) }
            return construct.close + 2
        case .brace:
            break
        }
        let close = construct.close
        if close < 0 {
            var related = [("the template ends here", src.count)]
            if let blank = firstBlankLine(after: i, before: src.count) {
                related.append(("a blank line inside the group; a '}' is probably missing before it", blank))
            }
            report(.E002, at: i, length: 1, "'{' is never closed", related: related)
            emitText(i..<(i + 1))
            return i + 1
        }
        let depth = frames.count + 1
        if depth > Self.maxNesting {
            report(.E008, at: i, length: 1, "groups nest deeper than \(Self.maxNesting) levels")
            return literalRegion(i, close, cursor: &cursor)
        }
        if close == i + 1 {
            report(.E003, at: i, length: 2, "empty group '{}'")
            emitText(i..<(close + 1))
            return close + 1
        }
        let next = src[i + 1]
        if next == UInt8(ascii: "?") {
            return openConditional(at: i, close: close, depth: depth, cursor: &cursor)
        }
        if isIdentStart(next), let end = variable(at: i, close: close, cursor: &cursor) {
            return end
        }
        var kind = NodeKind.group
        var bodyStart = i + 1
        var permutation: PermutationInfo?
        var range: (min: Int, max: Int)?
        if next == UInt8(ascii: "[") {
            switch PermutationHeader.parse(src, at: i + 1, close: close) {
            case .notAHeader:
                break
            case .malformed(let message):
                report(.E006, at: i + 1, length: 1, message)
                return literalRegion(i, close, cursor: &cursor)
            case .header(let separator, let last, let r, let end):
                kind = .permutation
                let separatorOffset = literals.count
                literals.append(contentsOf: separator)
                let lastOffset = literals.count
                literals.append(contentsOf: last)
                permutation = PermutationInfo(
                    minCount: 0, maxCount: 0, separatorOffset: UInt32(separatorOffset),
                    separatorLength: UInt32(separator.count), lastOffset: UInt32(lastOffset),
                    lastLength: UInt32(last.count))
                range = r
                bodyStart = end
            }
        }
        frames.append(
            Frame(
                kind: kind, open: i, close: close, node: nodes.count, altBase: pending.count, depth: depth,
                permutation: permutation, permutationRange: range, slot: 0))
        nodes.append(Node(kind: kind))
        return beginAlternative(at: bodyStart)
    }

    /// Emits the source bytes `i...close` as text (lenient recovery of a malformed construct) and skips
    /// the constructs inside.
    mutating func literalRegion(_ i: Int, _ close: Int, cursor: inout Int) -> Int {
        emitText(i..<(close + 1))
        while cursor < constructs.count && constructs[cursor].offset <= close { cursor += 1 }
        return close + 1
    }

    // MARK: - Text and blank lines

    mutating func emitText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if let last = nodes.last, last.kind == .text, Int(last.a) + Int(last.b) == literals.count {
            nodes[nodes.count - 1].b += UInt32(range.count)
        } else {
            nodes.append(Node(kind: .text, a: UInt32(literals.count), b: UInt32(range.count)))
        }
        src.withUnsafeBufferPointer { literals.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Offset of the first blank line (only spaces or tabs, ended by a line break) starting in
    /// `(after, before)`.
    mutating func firstBlankLine(after: Int, before: Int) -> Int? {
        if blankLines == nil { blankLines = BlankLines(source: src, start: start) }
        return blankLines.unsafelyUnwrapped.first(after: after, before: before)
    }
}
