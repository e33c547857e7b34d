/// Parses a template in two linear passes without recursion.
///
/// Pass 1 matches braces with an explicit stack (escapes, comments and verbatim blocks skipped), so
/// every `{` is known to be closed (and where) or unclosed, and every stray `}` is known, before any
/// node is built. Pass 2 then builds the flat node array; unclosed and stray braces simply become text,
/// which is why recovery needs no backtracking and stays linear on 100,000 unclosed `{`.
struct TemplateParser {
    static let maxNesting = 32
    static let maxPermutationAlternatives = 12
    static let maxWeight: UInt64 = 1_000_000

    let src: [UInt8]
    let options: ParseOptions
    let lenient: Bool
    var start = 0
    var diagnostics: [RawDiagnostic] = []

    // Pass 1.
    enum ConstructKind { case brace, comment, verbatim }
    struct Construct {
        var offset: Int
        var kind: ConstructKind
        /// Offset of the closing `}` (brace) or of the closer's first byte (`#}`, `!}`); -1 if unclosed.
        var close: Int
    }
    var constructs: [Construct] = []
    var strays: [Int] = []
    var blankLines: [Int]? = nil

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
    /// iterated), so nothing about its layout can reach the output (D2).
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
        validateUTF8()
        matchBraces()
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
        // Handed over rather than shared, so the template adopts the arrays (and pads the literals
        // in place) without copying them.
        let nodes = self.nodes
        let literals = self.literals
        let groups = self.groups
        let alternatives = self.alternatives
        self.nodes = []
        self.literals = []
        self.groups = []
        self.alternatives = []
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

    // MARK: - Pass 0: UTF-8

    mutating func validateUTF8() {
        var i = start
        let n = src.count
        while i < n {
            // ASCII, the common case, eight bytes at a time.
            i = src.withUnsafeBufferPointer { p in
                var j = i
                while j + 8 <= n && UnsafeRawPointer(p.baseAddress! + j).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    j += 8
                }
                return j
            }
            if i >= n { break }
            if src[i] < 0x80 {
                i += 1
                continue
            }
            let length = utf8ScalarLength(src, at: i)
            if length == 0 {
                report(.E000, at: i, length: 1, "invalid UTF-8 byte 0x\(String(src[i], radix: 16, uppercase: true))")
                i += 1
            } else {
                i += length
            }
        }
    }

    // MARK: - Pass 1: brace matching

    mutating func matchBraces() {
        var stack: [Int] = []
        constructs.reserveCapacity(src.count / 16 + 16)  // about one brace per 20 bytes in spintax prose
        var i = start
        let n = src.count
        // Once a search for a closer fails from p, it fails from any later p: remembering that keeps
        // many unclosed `{#` linear.
        var commentSearchFailedFrom = Int.max
        var verbatimSearchFailedFrom = Int.max
        while i < n {
            switch src[i] {
            case UInt8(ascii: "\\"):
                i += 2
            case UInt8(ascii: "{"):
                if i + 1 < n && (src[i + 1] == UInt8(ascii: "#") || src[i + 1] == UInt8(ascii: "!")) {
                    let closer = src[i + 1]
                    let isComment = closer == UInt8(ascii: "#")
                    let failedFrom = isComment ? commentSearchFailedFrom : verbatimSearchFailedFrom
                    var found = -1
                    if i + 2 < failedFrom {
                        var j = i + 2
                        while j + 1 < n {
                            if src[j] == closer && src[j + 1] == UInt8(ascii: "}") {
                                found = j
                                break
                            }
                            j += 1
                        }
                        if found < 0 {
                            if isComment { commentSearchFailedFrom = i + 2 } else { verbatimSearchFailedFrom = i + 2 }
                        }
                    }
                    constructs.append(Construct(offset: i, kind: isComment ? .comment : .verbatim, close: found))
                    i = found >= 0 ? found + 2 : i + 1
                } else {
                    stack.append(constructs.count)
                    constructs.append(Construct(offset: i, kind: .brace, close: -1))
                    i += 1
                }
            case UInt8(ascii: "}"):
                if let top = stack.popLast() {
                    constructs[top].close = i
                } else {
                    strays.append(i)
                }
                i += 1
            default:
                // Plain text is most of a template: skip to the next byte that matters.
                i = src.withUnsafeBufferPointer { p in
                    var j = i + 1
                    while j < n {
                        let b = p[j]
                        if b == UInt8(ascii: "\\") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") { break }
                        j += 1
                    }
                    return j
                }
            }
        }
    }

    // MARK: - Pass 2: nodes

    mutating func build() {
        // Sized from pass 1 so the arrays rarely grow: every brace is at most one group or variable,
        // with a node per alternative end and text between.
        let braces = constructs.count
        occurrenceHeads.reserve(braces)
        nodes.reserveCapacity(5 * braces + 64)
        literals.reserveCapacity(src.count + Renderer.copySlack)
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
            switch permutationHeader(at: i + 1, close: close) {
            case .notAHeader:
                break
            case .malformed(let message):
                report(.E006, at: i + 1, length: 1, message)
                return literalRegion(i, close, cursor: &cursor)
            case .header(let info, let r, let end):
                kind = .permutation
                permutation = info
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

    /// Parses `{name(:modifier)*}` at `i` when the whole content has that shape (rule 2); returns the
    /// position after it, or `nil` when the content is not a variable reference.
    mutating func variable(at i: Int, close: Int, cursor: inout Int) -> Int? {
        var q = i + 1
        while q < close && isIdentContinue(src[q]) { q += 1 }
        let nameRange = (i + 1)..<q
        var modifierRanges: [Range<Int>] = []
        while q < close && src[q] == UInt8(ascii: ":") {
            let m = q + 1
            guard m < close, isIdentStart(src[m]) else { return nil }
            q = m + 1
            while q < close && isIdentContinue(src[q]) { q += 1 }
            modifierRanges.append(m..<q)
        }
        guard q == close else { return nil }
        let hash = sourceHash(i, close)
        let entry = findSource(hash, i, close)
        if entry >= 0, sources[entry].slot >= 0 {
            // Byte-identical to a token that parsed cleanly: same name, modifiers and schema answer.
            let slot = sources[entry].slot
            if conditionalDepth == 0 { slots[slot].required = true }
            nodes.append(Node(kind: .variable, a: UInt32(slot), b: UInt32(variableGroupIDs.count)))
            variableGroupIDs.append(occurrence(hash, entry, i, close).gid)
            return close + 1
        }
        let diagnosticsBefore = diagnostics.count
        var failed = false
        var modifiers: [Modifier] = []
        for range in modifierRanges {
            if let modifier = Modifier(name: src[range]) {
                modifiers.append(modifier)
            } else {
                let name = String(decoding: src[range], as: UTF8.self)
                report(
                    .E011, at: range.lowerBound - 1, length: range.count + 1,
                    "unknown modifier '\(name)' (expected lower, upper, title, capitalize, slug, a_an or trim)")
                failed = true
            }
        }
        guard let name = checkedName(nameRange, at: i, length: close + 1 - i) else {
            return literalRegion(i, close, cursor: &cursor)
        }
        if failed { return literalRegion(i, close, cursor: &cursor) }
        let slot = slotFor(name: name, modifiers: modifiers, offset: i)
        let (gid, source) = occurrence(hash, entry, i, close)
        if diagnostics.count == diagnosticsBefore { sources[source].slot = slot }
        nodes.append(Node(kind: .variable, a: UInt32(slot), b: UInt32(variableGroupIDs.count)))
        variableGroupIDs.append(gid)
        return close + 1
    }

    /// Checks a referenced name against the schema (E004, W106) and records it; returns the spelling to
    /// bind, or `nil` after an error.
    mutating func checkedName(_ range: Range<Int>, at offset: Int, length: Int) -> String? {
        let written = String(decoding: src[range], as: UTF8.self)
        var name = written
        if let schema = options.schema {
            if let canonical = schema.canonicalName(for: written) {
                if canonical != written {
                    report(.W106, at: offset, length: length, "variable '\(written)' is declared as '\(canonical)'")
                }
                name = canonical
            } else {
                var message = "unknown variable '\(written)'"
                if let suggestion = schema.suggestion(for: written) { message += "; did you mean '\(suggestion)'?" }
                report(.E004, at: offset, length: length, message)
                return nil
            }
        }
        if seenNames.insert(asciiLowercased(written)).inserted { variableNames.append(written) }
        return name
    }

    mutating func slotFor(name: String, modifiers: [Modifier], offset: Int, required: Bool? = nil) -> Int {
        let key = SlotKey(key: asciiLowercased(name), modifiers: modifiers)
        let isRequired = required ?? (conditionalDepth == 0)
        if let existing = slotIndex[key] {
            if isRequired { slots[existing].required = true }
            return existing
        }
        slotIndex[key] = slots.count
        slots.append(SlotSpec(name: name, key: key.key, modifiers: modifiers, required: isRequired, firstOffset: offset))
        return slots.count - 1
    }

    /// D5: `mix64(fnv1a64(source) + occurrence)` for the construct `i...close`.
    mutating func groupID(_ i: Int, _ close: Int) -> UInt64 {
        let hash = sourceHash(i, close)
        return occurrence(hash, findSource(hash, i, close), i, close).gid
    }

    /// fnv1a64 of the source bytes `i...close`.
    func sourceHash(_ i: Int, _ close: Int) -> UInt64 {
        src.withUnsafeBufferPointer { SpintaxHash.fnv1a64(UnsafeBufferPointer(rebasing: $0[i...close])) }
    }

    /// The `sources` entry with the same bytes as `i...close` (whose fnv1a64 is `hash`), or -1.
    func findSource(_ hash: UInt64, _ i: Int, _ close: Int) -> Int {
        let length = close + 1 - i
        var entry = occurrenceHeads[hash]
        while entry >= 0 {
            let e = sources[entry]
            if e.length == length && sameBytes(e.offset, i, length) { return entry }
            entry = e.next
        }
        return -1
    }

    /// Whether `src[a..<a+length]` and `src[b..<b+length]` are equal (both in bounds).
    func sameBytes(_ a: Int, _ b: Int, _ length: Int) -> Bool {
        src.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            var k = 0
            while k + 8 <= length {
                let x = UnsafeRawPointer(base + a + k).loadUnaligned(as: UInt64.self)
                let y = UnsafeRawPointer(base + b + k).loadUnaligned(as: UInt64.self)
                if x != y { return false }
                k += 8
            }
            while k < length {
                if base[a + k] != base[b + k] { return false }
                k += 1
            }
            return true
        }
    }

    /// Counts one more occurrence of the source `i...close` (`entry` from `findSource`, -1 for a new
    /// source) and returns its gid and its entry.
    mutating func occurrence(_ hash: UInt64, _ entry: Int, _ i: Int, _ close: Int) -> (gid: UInt64, entry: Int) {
        if entry >= 0 {
            let seen = sources[entry].count
            sources[entry].count += 1
            return (SpintaxHash.mix64(hash &+ seen), entry)
        }
        sources.append((i, close + 1 - i, 1, occurrenceHeads[hash], -1))
        occurrenceHeads[hash] = sources.count - 1
        return (SpintaxHash.mix64(hash), sources.count - 1)
    }

    mutating func openConditional(at i: Int, close: Int, depth: Int, cursor: inout Int) -> Int {
        var q = i + 2
        let inverted = q < close && src[q] == UInt8(ascii: "!")
        if inverted { q += 1 }
        let nameStart = q
        if q < close && isIdentStart(src[q]) {
            q += 1
            while q < close && isIdentContinue(src[q]) { q += 1 }
        }
        guard q > nameStart, q < close, src[q] == UInt8(ascii: "?") else {
            report(.E012, at: i, length: 2, "malformed conditional; expected '{?Name?then|else}' or '{?!Name?…}'")
            return literalRegion(i, close, cursor: &cursor)
        }
        guard let name = checkedName(nameStart..<q, at: i, length: q + 1 - i) else {
            return literalRegion(i, close, cursor: &cursor)
        }
        let slot = slotFor(name: name, modifiers: [], offset: i, required: false)
        let kind: NodeKind = inverted ? .conditionalNot : .conditional
        frames.append(
            Frame(
                kind: kind, open: i, close: close, node: nodes.count, altBase: pending.count, depth: depth,
                permutation: nil, permutationRange: nil, slot: slot))
        nodes.append(Node(kind: kind))
        conditionalDepth += 1
        return beginAlternative(at: q + 1)
    }

    enum PermutationHeader {
        case notAHeader
        case malformed(String)
        case header(PermutationInfo, (min: Int, max: Int)?, end: Int)
    }

    /// Parses `[` [range] `+` sep `+` [sep `+`] `]` at `p` (the `[`).
    mutating func permutationHeader(at p: Int, close: Int) -> PermutationHeader {
        var q = p + 1
        func number(_ q: inout Int) -> Int? {
            let s = q
            var value = 0
            while q < close && src[q] >= 48 && src[q] <= 57 {
                value = min(value * 10 + Int(src[q] - 48), 1_000_000)
                q += 1
            }
            return q > s ? value : nil
        }
        var range: (min: Int, max: Int)?
        if let low = number(&q) {
            var high = low
            if q < close && src[q] == UInt8(ascii: "-") {
                q += 1
                guard let h = number(&q) else { return src[q] == UInt8(ascii: "+") ? .malformed("malformed permutation range") : .notAHeader }
                high = h
            }
            range = (low, high)
        }
        guard q < close, src[q] == UInt8(ascii: "+") else { return .notAHeader }
        q += 1
        func separator(_ q: inout Int) -> [UInt8]? {
            var bytes: [UInt8] = []
            while q < close {
                let b = src[q]
                if b == UInt8(ascii: "+") { return bytes }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: "|") { return nil }
                if b == UInt8(ascii: "\\") && q + 1 < close {
                    if Self.isEscapable(src[q + 1]) {
                        bytes.append(src[q + 1])
                    } else {
                        bytes.append(b)
                        bytes.append(src[q + 1])
                    }
                    q += 2
                    continue
                }
                bytes.append(b)
                q += 1
            }
            return nil
        }
        guard let separatorBytes = separator(&q) else {
            return .malformed("malformed permutation header; expected '[m-n+SEP+LAST+]' or '[+SEP+]'")
        }
        q += 1
        var lastBytes: [UInt8]?
        if q < close && src[q] != UInt8(ascii: "]") {
            guard let bytes = separator(&q) else {
                return .malformed("malformed permutation header; expected '[m-n+SEP+LAST+]' or '[+SEP+]'")
            }
            lastBytes = bytes
            q += 1
        }
        guard q < close, src[q] == UInt8(ascii: "]") else {
            return .malformed("malformed permutation header; expected ']' after the separators")
        }
        let separatorOffset = literals.count
        literals.append(contentsOf: separatorBytes)
        let lastOffset = literals.count
        literals.append(contentsOf: lastBytes ?? separatorBytes)
        let info = PermutationInfo(
            minCount: 0, maxCount: 0, separatorOffset: UInt32(separatorOffset),
            separatorLength: UInt32(separatorBytes.count), lastOffset: UInt32(lastOffset),
            lastLength: UInt32((lastBytes ?? separatorBytes).count))
        return .header(info, range, end: q + 1)
    }

    /// Starts an alternative at `p` (after `{`, a header or `|`); consumes a leading weight `^N:`.
    mutating func beginAlternative(at p: Int) -> Int {
        var alt = PendingAlt(start: nodes.count, weight: 0, sourceStart: p, sourceEnd: p)
        guard let frame = frames.last else { return p }
        defer { pending.append(alt) }
        guard frame.kind == .group || frame.kind == .permutation,
            p + 2 < frame.close, src[p] == UInt8(ascii: "^"), src[p + 1] >= 48, src[p + 1] <= 57
        else { return p }
        var q = p + 1
        var value: UInt64 = 0
        while q < frame.close && src[q] >= 48 && src[q] <= 57 {
            value = min(value * 10 + UInt64(src[q] - 48), Self.maxWeight + 1)
            q += 1
        }
        guard q < frame.close, src[q] == UInt8(ascii: ":") else { return p }
        let end = q + 1
        if frame.kind == .permutation {
            report(.E005, at: p, length: end - p, "weights are not allowed inside a permutation")
        } else if src[p + 1] == 48 || value == 0 || value > Self.maxWeight {
            report(.E005, at: p, length: end - p, "a weight must be an integer from 1 to 1000000 without leading zeros")
        } else {
            alt.weight = value
            alt.sourceStart = end
            return end
        }
        alt.sourceStart = p
        emitText(p..<end)
        return end
    }

    mutating func endAlternative(at p: Int) {
        let kind: NodeKind = frames.last?.kind == .permutation ? .permutationAltEnd : .jump
        nodes.append(Node(kind: kind))
        pending[pending.count - 1].sourceEnd = p
    }

    mutating func closeFrame() {
        var frame = frames.removeLast()
        closing.removeAll(keepingCapacity: true)
        closing.append(contentsOf: pending[frame.altBase...])
        pending.removeLast(closing.count)
        let alts = closing
        let next = nodes.count
        var kind = frame.kind

        // `{{City}}` is the variable itself (spec rule 2): not a group, no warning.
        if kind == .group, alts.count == 1, next - frame.node == 3, nodes[frame.node + 1].kind == .variable {
            nodes[frame.node] = nodes[frame.node + 1]
            nodes.removeLast(2)
            return
        }
        var registered = alts.count
        switch kind {
        case .group:
            groupWarnings(frame, alts)
            if alts.contains(where: { $0.weight > 0 }) { kind = .weightedGroup }
        case .permutation:
            let n = alts.count
            var low = frame.permutationRange?.min ?? n
            var high = frame.permutationRange?.max ?? n
            if n > Self.maxPermutationAlternatives {
                report(.E010, at: frame.open, length: 1, "a permutation has \(n) alternatives; at most \(Self.maxPermutationAlternatives) are allowed")
                kind = .group
                for alt in alts.indices {
                    let end = alt + 1 < alts.count ? alts[alt + 1].start - 1 : next - 1
                    nodes[end].kind = .jump
                }
            } else if !(1 <= low && low <= high && high <= n) {
                report(.E006, at: frame.open + 1, length: 1, "permutation range \(low)-\(high) is out of bounds for \(n) alternatives")
                low = min(max(low, 1), n)
                high = min(max(high, low), n)
            }
            frame.permutation?.minCount = UInt32(low)
            frame.permutation?.maxCount = UInt32(high)
        case .conditional, .conditionalNot:
            conditionalDepth -= 1
            if alts.count > 2 {
                report(.E012, at: frame.open, length: 2, "a conditional has at most two branches: '{?Name?then|else}'")
                registered = 2
            }
        default:
            break
        }
        if frame.kind != .conditional && frame.kind != .conditionalNot {
            if let blank = firstBlankLine(after: frame.open, before: frame.close) {
                report(.W105, at: frame.open, length: 1, "this group spans a blank line; a '}' may be missing", related: [("the blank line", blank)])
            }
        }

        let groupIndex = groups.count
        let altBase = alternatives.count
        var cumulative: UInt64 = 0
        for (index, alt) in alts.enumerated() {
            let end = index + 1 < alts.count ? alts[index + 1].start - 1 : next - 1
            nodes[end].a = UInt32(next)
            if index < registered {
                cumulative += max(alt.weight, 1)
                alternatives.append(
                    AltInfo(start: UInt32(alt.start), end: UInt32(end), drawStart: 0, weightCumulative: cumulative))
            }
        }
        var extra: UInt32 = 0
        if kind == .permutation, let info = frame.permutation {
            extra = UInt32(permutations.count)
            permutations.append(info)
        } else if kind == .conditional || kind == .conditionalNot {
            extra = UInt32(frame.slot)
        }
        groups.append(
            GroupInfo(
                node: UInt32(frame.node), next: UInt32(next), altBase: UInt32(altBase), altCount: UInt32(registered),
                kind: kind, gid: groupID(frame.open, frame.close), weightTotal: cumulative, extra: extra,
                sourceOffset: UInt32(frame.open), depth: UInt32(frame.depth)))
        nodes[frame.node] = Node(kind: kind, a: UInt32(groupIndex), b: UInt32(altBase), c: UInt32(registered))
        maxDepth = max(maxDepth, frame.depth)
        if kind != .conditional && kind != .conditionalNot {
            realGroupCount += 1
            if frames.isEmpty { topLevel.append(groupIndex) }
        }
    }

    /// W101, W102, W103, W104 for a plain group.
    mutating func groupWarnings(_ frame: Frame, _ alts: [PendingAlt]) {
        if alts.count == 1 {
            report(.W101, at: frame.open, length: frame.close + 1 - frame.open, "a group with one alternative always renders it")
        }
        if alts.count >= 2, isVariableLike(alts[0].sourceStart..<alts[0].sourceEnd),
            alts.dropFirst().allSatisfy({ $0.sourceStart == $0.sourceEnd })
        {
            report(.W103, at: frame.open, length: frame.close + 1 - frame.open, "'|' makes this variable-like token a group")
        }
        // Pairwise with a length check first: groups are small, and this avoids hashing every byte.
        for (index, alt) in alts.enumerated() where index > 0 {
            let length = alt.sourceEnd - alt.sourceStart
            let duplicate = alts[..<index].contains { other in
                other.sourceEnd - other.sourceStart == length
                    && src[other.sourceStart..<other.sourceEnd] == src[alt.sourceStart..<alt.sourceEnd]
            }
            if duplicate {
                report(.W102, at: alt.sourceStart, length: length, "duplicate alternative; distinct outputs are no longer guaranteed")
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
                report(.W104, at: alt.sourceStart, length: alt.sourceEnd - alt.sourceStart, "this alternative's space doubles the space next to the group")
            }
        }
    }

    func isVariableLike(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, isIdentStart(src[range.lowerBound]) else { return false }
        return src[range].allSatisfy { isIdentContinue($0) || $0 == UInt8(ascii: ":") }
    }

    // MARK: - Text

    mutating func emitText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if let last = nodes.last, last.kind == .text, Int(last.a) + Int(last.b) == literals.count {
            nodes[nodes.count - 1].b += UInt32(range.count)
        } else {
            nodes.append(Node(kind: .text, a: UInt32(literals.count), b: UInt32(range.count)))
        }
        src.withUnsafeBufferPointer { literals.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    // MARK: - Blank lines

    /// Offset of the first blank line (only spaces or tabs, ended by a line break) starting in
    /// `(after, before)`.
    mutating func firstBlankLine(after: Int, before: Int) -> Int? {
        if blankLines == nil { blankLines = findBlankLines() }
        let lines = blankLines!
        var low = 0
        var high = lines.count
        while low < high {
            let mid = (low + high) / 2
            if lines[mid] <= after { low = mid + 1 } else { high = mid }
        }
        return low < lines.count && lines[low] < before ? lines[low] : nil
    }

    func findBlankLines() -> [Int] {
        src.withUnsafeBufferPointer { p in
            var result: [Int] = []
            let n = p.count
            func isBreak(_ j: Int) -> Bool { p[j] == 10 || p[j] == 13 }
            // The first line cannot be blank "inside" anything.
            var i = start
            while i < n && !isBreak(i) { i += 1 }
            while i < n {
                // `i` is a line break; a CRLF is one.
                if p[i] == 13 && i + 1 < n && p[i + 1] == 10 { i += 1 }
                let lineStart = i + 1
                var j = lineStart
                while j < n && (p[j] == 32 || p[j] == 9) { j += 1 }
                if j < n && isBreak(j) {
                    result.append(lineStart)
                } else {
                    while j < n && !isBreak(j) { j += 1 }
                }
                i = j
            }
            return result
        }
    }
}

/// Length of the valid UTF-8 scalar at `i`, or 0 when the bytes there are not valid UTF-8.
func utf8ScalarLength(_ s: [UInt8], at i: Int) -> Int {
    let b0 = s[i]
    let n = s.count
    func cont(_ j: Int) -> Bool { j < n && s[j] & 0xC0 == 0x80 }
    switch b0 {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
    case 0xE0:
        return i + 1 < n && s[i + 1] >= 0xA0 && s[i + 1] <= 0xBF && cont(i + 2) ? 3 : 0
    case 0xED:
        return i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F && cont(i + 2) ? 3 : 0
    case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
    case 0xF0:
        return i + 1 < n && s[i + 1] >= 0x90 && s[i + 1] <= 0xBF && cont(i + 2) && cont(i + 3) ? 4 : 0
    case 0xF4:
        return i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x8F && cont(i + 2) && cont(i + 3) ? 4 : 0
    case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
    default: return 0
    }
}

extension TemplateParser {
    /// A map from fnv1a64 hashes to `sources` entries (-1 when absent): open addressing with linear
    /// probing, sized up front. The keys are hashes already, so no `Hasher` pass is needed, and
    /// nothing is ever iterated (D2).
    struct HashHeads {
        var keys: [UInt64] = []
        var values: [Int] = []
        var mask = 0
        var used = 0

        /// Makes room for `count` keys without growing.
        mutating func reserve(_ count: Int) {
            var capacity = 16
            while capacity < 2 * count { capacity <<= 1 }
            guard capacity > keys.count else { return }
            let old = zip(keys, values).filter { $0.1 >= 0 }
            keys = [UInt64](repeating: 0, count: capacity)
            values = [Int](repeating: -1, count: capacity)
            mask = capacity - 1
            used = 0
            for (key, value) in old { self[key] = value }
        }

        @inline(__always) func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

        subscript(key: UInt64) -> Int {
            get {
                guard mask > 0 else { return -1 }
                var slot = home(key)
                while values[slot] >= 0 {
                    if keys[slot] == key { return values[slot] }
                    slot = (slot + 1) & mask
                }
                return -1
            }
            set {
                if 2 * (used + 1) > keys.count { reserve(used + 1) }
                var slot = home(key)
                while values[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & mask }
                if values[slot] < 0 { used += 1 }
                keys[slot] = key
                values[slot] = newValue
            }
        }
    }
}
