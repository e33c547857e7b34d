/// The render loop over a template's and a binding's frozen tables: no bounds checks in release
/// builds, no copy-on-write checks, no allocation. It holds no pointer; it writes through a
/// ``RenderCursor`` that the closure lending the output memory passes in.
///
/// Draw mode (`drawRun`) walks the pre-order node array with jumps: no stack, no recursion except into
/// permutations. Variant mode (`variantRun`) recurses per group level, bounded by the nesting limit
/// (32), never by input size.
@usableFromInline
struct Renderer {
    let nodes: FrozenBuffer<Node>
    let templateNodes: FrozenBuffer<Node>
    let literals: FrozenBuffer<UInt8>
    let groups: FrozenBuffer<GroupInfo>
    let alternatives: FrozenBuffer<AltInfo>
    let drawStarts: FrozenBuffer<UInt32>
    let permutations: FrozenBuffer<PermutationInfo>
    let variableGroupIDs: FrozenBuffer<UInt64>
    let slots: FrozenBuffer<SlotValue>
    let lists: FrozenBuffer<ValueRange>
    let values: FrozenBuffer<UInt8>
    let groupCount: FrozenBuffer<UInt64>
    let altCumulative: FrozenBuffer<UInt64>
    let nodeSuffix: FrozenBuffer<UInt64>
    let articleHash: UInt64
    /// Unique batches: the article's key index and, per key position, its radix and the product of
    /// the radices after it (digit j = key / suffix_j mod radix_j, last fastest).
    let keyIndex: UInt64
    let keyRadices: FrozenBuffer<UInt64>?
    let keySuffixes: FrozenBuffer<UInt64>?
    /// Variant mode of `Template.variant`: list variables are digits. Otherwise they are drawn.
    let listsAreDigits: Bool
    /// Per group, the inputs of its counter-based draw.
    let drawGroups: FrozenBuffer<DrawGroup>
    /// Sources are padded and the output bound has this many spare bytes, so short copies may move
    /// whole 16-byte blocks.
    static let copySlack = 32

    @inline(__always)
    func writeValue(_ slot: SlotValue, index: UInt64, _ cursor: inout RenderCursor) {
        let value = lists[Int(slot.offset) + Int(index)]
        cursor.write(values, at: value.offset, count: value.length)
    }

    @inline(__always)
    func choose(_ gid: UInt64, _ n: UInt64) -> UInt64 {
        SpintaxHash.multiplyHigh(SpintaxHash.mix64(articleHash ^ gid), n)
    }

    /// Renders from `start` with counter-based choices until `.end` or `.permutationAltEnd`; returns the
    /// index of that terminator.
    func drawRun(_ start: Int, _ cursor: inout RenderCursor) -> Int {
        // The hot cases keep the write position in a register; rare cases sync it through `cursor`.
        var pc = start
        var out = cursor.out
        defer { cursor.out = out }
        let nodes = self.nodes
        let literals = self.literals
        let end = cursor.end
        while true {
            let node = nodes[pc]
            switch node.kind {
            case .text:
                // Runs of text (an alternative's tail, then the text after its group) are copied in
                // a tight loop: a conditional branch instead of an unpredictable indirect dispatch.
                var text = node
                repeat {
                    RenderCursor.copy(literals, at: text.a, count: text.b, to: &out, end: end)
                    pc = Int(text.c)
                    text = nodes[pc]
                } while text.kind == .text
            case .textThenGroup:
                // Text and the uniform group right after it in one dispatch (the commonest pair).
                RenderCursor.copy(literals, at: node.a, count: node.b, to: &out, end: end)
                pc = drawGroup(nodes[pc + 1], &out, cursor)
            case .group:
                pc = drawGroup(node, &out, cursor)
            case .textThenVariable:
                RenderCursor.copy(literals, at: node.a, count: node.b, to: &out, end: end)
                pc = drawVariable(nodes[pc + 1], &out, end: end)
            case .variable:
                pc = drawVariable(node, &out, end: end)
            case .jump:
                pc = Int(node.a)
            case .weightedGroup:
                let info = groups[Int(node.a)]
                let target = choose(info.gid, info.weightTotal)
                var a = Int(node.b)
                while alternatives[a].weightCumulative <= target { a += 1 }
                pc = Int(alternatives[a].drawStart)
            case .conditional, .conditionalNot:
                pc = conditionalTarget(node)
            case .permutation:
                cursor.out = out
                pc = drawPermutation(node, &cursor)
                out = cursor.out
            case .keyGroup:
                let position = Int(node.b)
                let digit = (keyIndex / keySuffixes.unsafelyUnwrapped[position]) % keyRadices.unsafelyUnwrapped[position]
                cursor.out = out
                pc = variantGroup(Int(node.a), digit, &cursor)
                out = cursor.out
            case .permutationAltEnd, .end:
                return pc
            }
        }
    }

    /// Draws the uniform group `node`, copies the text its alternative starts with, and returns the
    /// node after that text.
    @inline(__always)
    func drawGroup(_ node: Node, _ out: inout UnsafeMutablePointer<UInt8>, _ cursor: RenderCursor) -> Int {
        var pc = cursor.drawTarget(Int(node.a))
        let end = cursor.end
        var text = nodes[pc]
        while text.kind == .text {
            RenderCursor.copy(literals, at: text.a, count: text.b, to: &out, end: end)
            pc = Int(text.c)
            text = nodes[pc]
        }
        return pc
    }

    /// Draws every uniform group of the article up front (whether it is reached or not). The draws
    /// are independent of each other, so they overlap in the pipeline, where drawing during the walk
    /// made each group wait for the previous group's hash, then its load, then its dispatch.
    func predrawGroups(count: Int, _ cursor: inout RenderCursor) {
        assert(count <= groups.count)
        for g in 0..<count {
            let d = drawGroups[g]
            cursor.setDrawTarget(g, drawStarts[Int(d.altBase) + Int(choose(d.gid, UInt64(d.count)))])
        }
    }

    /// Copies the value of the variable `node` (a list variable draws one); returns the next node.
    @inline(__always)
    func drawVariable(_ node: Node, _ out: inout UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) -> Int {
        let slot = slots[Int(node.a)]
        if slot.listCount == 0 {
            RenderCursor.copy(values, at: slot.offset, count: slot.length, to: &out, end: end)
        } else {
            let value = lists[Int(slot.offset) + Int(choose(variableGroupIDs[Int(node.b)], UInt64(slot.listCount)))]
            RenderCursor.copy(values, at: value.offset, count: value.length, to: &out, end: end)
        }
        return Int(node.c)
    }

    /// Where a conditional continues: its first branch when the test holds, else its second branch or
    /// the node after it.
    @inline(__always)
    func conditionalTarget(_ node: Node) -> Int {
        let info = groups[Int(node.a)]
        if (slots[Int(info.extra)].present != 0) == (node.kind == .conditional) {
            return Int(alternatives[Int(node.b)].drawStart)
        }
        return node.c > 1 ? Int(alternatives[Int(node.b) + 1].drawStart) : Int(info.next)
    }

    /// Draws k and an ordered k-subset from a SplitMix64 stream seeded by the group's `u` (Docs/Templates.md#the-primitives).
    func drawPermutation(_ node: Node, _ cursor: inout RenderCursor) -> Int {
        let info = groups[Int(node.a)]
        let permutation = permutations[Int(info.extra)]
        var stream = SplitMix64(state: SpintaxHash.mix64(articleHash ^ info.gid))
        let n = Int(node.c)
        var k = Int(permutation.minCount)
        if permutation.maxCount > permutation.minCount {
            k += Int(SpintaxHash.multiplyHigh(stream.next(), UInt64(permutation.maxCount - permutation.minCount + 1)))
        }
        var order = NibbleArray(identity: n)
        for t in 0..<k {
            let j = t + Int(SpintaxHash.multiplyHigh(stream.next(), UInt64(n - t)))
            order.swapAt(t, j)
        }
        for t in 0..<k {
            if t > 0 { writeSeparator(permutation, last: t == k - 1, &cursor) }
            _ = drawRun(Int(alternatives[Int(node.b) + order[t]].drawStart), &cursor)
        }
        return Int(info.next)
    }

    @inline(__always)
    func writeSeparator(_ permutation: PermutationInfo, last: Bool, _ cursor: inout RenderCursor) {
        if last {
            cursor.write(literals, at: permutation.lastOffset, count: permutation.lastLength)
        } else {
            cursor.write(literals, at: permutation.separatorOffset, count: permutation.separatorLength)
        }
    }

    // MARK: - Variant mode (mixed radix, last item fastest)

    @inline(__always)
    func digit(_ k: UInt64, node pc: Int, count: UInt64) -> UInt64 {
        if count <= 1 { return 0 }
        let suffix = nodeSuffix[pc]
        return (suffix == 1 ? k : k / suffix) % count
    }

    /// Renders the sequence at `start` as its variant `k`; returns the index of its terminator.
    func variantRun(_ start: Int, _ k: UInt64, _ cursor: inout RenderCursor) -> Int {
        var pc = start
        while true {
            let node = templateNodes[pc]
            switch node.kind {
            case .text, .textThenGroup, .textThenVariable:
                cursor.write(literals, at: node.a, count: node.b)
                pc += 1
            case .variable:
                let slot = slots[Int(node.a)]
                if slot.listCount == 0 {
                    cursor.write(values, at: slot.offset, count: slot.length)
                } else if listsAreDigits {
                    writeValue(slot, index: digit(k, node: pc, count: UInt64(slot.listCount)), &cursor)
                } else {
                    writeValue(slot, index: choose(variableGroupIDs[Int(node.b)], UInt64(slot.listCount)), &cursor)
                }
                pc += 1
            case .group, .weightedGroup, .permutation, .conditional, .conditionalNot, .keyGroup:
                let g = Int(node.a)
                pc = variantGroup(g, digit(k, node: pc, count: groupCount[g]), &cursor)
            case .jump, .permutationAltEnd, .end:
                return pc
            }
        }
    }

    /// Renders group `g` as its variant `d`; returns the node index after the group.
    func variantGroup(_ g: Int, _ d: UInt64, _ cursor: inout RenderCursor) -> Int {
        let info = groups[g]
        let base = Int(info.altBase)
        switch info.kind {
        case .conditional, .conditionalNot:
            let taken = (slots[Int(info.extra)].present != 0) == (info.kind == .conditional)
            let a = taken ? 0 : 1
            if a < Int(info.altCount) {
                let before = a == 0 ? 0 : altCumulative[base]
                let count = altCumulative[base + a] - before
                _ = variantRun(Int(alternatives[base + a].start), count <= 1 ? 0 : d % count, &cursor)
            }
        case .permutation:
            variantPermutation(info, d, &cursor)
        default:
            var a = base
            let last = base + Int(info.altCount) - 1
            var before: UInt64 = 0
            while a < last && d >= altCumulative[a] {
                before = altCumulative[a]
                a += 1
            }
            _ = variantRun(Int(alternatives[a].start), d - before, &cursor)
        }
        return Int(info.next)
    }

    /// Blocks by k ascending; within a block ordered subsets in lexicographic order of their indices;
    /// then the elements in mixed radix, last fastest (Docs/Templates.md#the-k-th-variant).
    func variantPermutation(_ info: GroupInfo, _ d: UInt64, _ cursor: inout RenderCursor) {
        let permutation = permutations[Int(info.extra)]
        let base = Int(info.altBase)
        let n = Int(info.altCount)
        var counts = [UInt64](repeating: 1, count: n)
        for a in 0..<n {
            counts[a] = altCumulative[base + a] - (a == 0 ? 0 : altCumulative[base + a - 1])
        }
        var d = d
        var k = Int(permutation.maxCount)
        var factorials: [UInt64] = [1]
        for i in 1...max(n, 1) { factorials.append(saturatingMultiply(factorials[i - 1], UInt64(i))) }
        for size in Int(permutation.minCount)...Int(permutation.maxCount) {
            let e = CountTable.elementarySymmetric(counts, upTo: size)
            let block = saturatingMultiply(factorials[size], e[size])
            if d < block || size == Int(permutation.maxCount) {
                k = size
                break
            }
            d -= block
        }
        var remaining = (0..<n).map { _ in true }
        var chosen: [Int] = []
        var prefix: UInt64 = 1
        for p in 0..<k {
            let left = k - p - 1
            var pick = -1
            for a in 0..<n where remaining[a] {
                remaining[a] = false
                let rest = CountTable.elementarySymmetric((0..<n).filter { remaining[$0] }.map { counts[$0] }, upTo: left)
                remaining[a] = true
                let size = saturatingMultiply(saturatingMultiply(prefix, counts[a]), saturatingMultiply(factorials[left], rest[left]))
                pick = a
                if d < size { break }
                d -= size
            }
            remaining[pick] = false
            chosen.append(pick)
            prefix = saturatingMultiply(prefix, counts[pick])
        }
        var suffixes = [UInt64](repeating: 1, count: k)
        var running: UInt64 = 1
        for t in stride(from: k - 1, through: 0, by: -1) {
            suffixes[t] = running
            running = saturatingMultiply(running, counts[chosen[t]])
        }
        for t in 0..<k {
            if t > 0 { writeSeparator(permutation, last: t == k - 1, &cursor) }
            let count = counts[chosen[t]]
            _ = variantRun(Int(alternatives[base + chosen[t]].start), count <= 1 ? 0 : (d / suffixes[t]) % count, &cursor)
        }
    }
}

/// SplitMix64: the stream a permutation draws from (Docs/Templates.md#the-primitives).
struct SplitMix64 {
    var state: UInt64

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SpintaxHash.mix64(state)
    }
}

/// Up to 16 indices of 4 bits in one word: the shuffle buffer of a permutation (at most 12 elements)
/// without allocation.
struct NibbleArray {
    var bits: UInt64

    init(identity n: Int) {
        bits = 0
        for i in 0..<n { bits |= UInt64(i) << (4 * UInt64(i)) }
    }

    subscript(i: Int) -> Int { Int((bits >> (4 * UInt64(i))) & 0xF) }

    mutating func swapAt(_ i: Int, _ j: Int) {
        let x = UInt64(self[i])
        let y = UInt64(self[j])
        bits &= ~((0xF << (4 * UInt64(i))) | (0xF << (4 * UInt64(j))))
        bits |= (y << (4 * UInt64(i))) | (x << (4 * UInt64(j)))
    }
}
