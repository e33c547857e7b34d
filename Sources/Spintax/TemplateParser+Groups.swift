// Pass 2, group-like constructs: opening a conditional, the alternatives of a group, and closing it
// (counting, registering and checking the group).

extension TemplateParser {
    /// Opens `{?Name?…}` or `{?!Name?…}` at `i`; returns where its first branch starts, or the
    /// position after it when the header is malformed (E012) or the name unknown.
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
            GroupLinter(src: src, start: start).warnings(frame, alts, into: &diagnostics)
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

}
