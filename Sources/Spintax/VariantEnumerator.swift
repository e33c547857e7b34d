/// Enumerates every variant in ``Template/variant(_:binding:into:)`` order, lazily, as an odometer:
/// each step increments the last active choice and carries, with no division.
///
/// Why this is correct: the active choices in render (pre-order) order are the digits of the mixed
/// radix, so incrementing from the end and carrying reproduces `variant(k)` for k = 0, 1, …; a group
/// advances only after everything after it wrapped to 0, so inactive groups always hold 0.
/// Why it is fast: the continuation of every node is static (pre-order layout), so after a step only
/// the output from the changed choice onward is re-rendered; the prefix is kept.
/// Templates with permutations fall back to `variant(k)` per step.
public struct VariantEnumerator {
    let template: Template
    let binding: ResolvedBinding
    var choices: [UInt32]
    var listChoices: [UInt32]
    /// Number of values per variable reference (0 for a plain value).
    let listCounts: [UInt32]
    /// Active choices of the current variant in pre-order.
    var active: [ActiveChoice]
    var activeCount = 0
    /// The current variant; `length` bytes are valid.
    var buffer: [UInt8]
    var length = 0
    var started = false
    var finished = false
    var counter: UInt64 = 0
    let total: UInt64
    /// The template's and binding's tables, made once (a renderer holds no pointer).
    let renderer: Renderer

    init(template: Template, binding: ResolvedBinding) {
        self.template = template
        self.binding = binding
        choices = Array(repeating: 0, count: template.groups.count)
        listChoices = Array(repeating: 0, count: template.variableGroupIDs.count)
        var listCounts = [UInt32](repeating: 0, count: template.variableGroupIDs.count)
        for pc in 0..<template.nodes.count where template.nodes[pc].kind == .variable {
            let node = template.nodes[pc]
            listCounts[Int(node.b)] = binding.slotsRaw[Int(node.a)].listCount
        }
        self.listCounts = listCounts
        active = Array(
            repeating: ActiveChoice(item: 0, node: 0, offset: 0),
            count: template.groups.count + template.variableGroupIDs.count + 1)
        buffer = Array(repeating: 0, count: template.outputBound(binding: binding, html: false))
        total = (binding.counts ?? template.counts).total
        renderer = template.makeRenderer(binding: binding, html: false, articleHash: 0)
    }

    /// Clears `output` and fills it with the next variant.
    /// - Returns: `false` when every variant has been produced (`output` is then left empty).
    public mutating func next(into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        if finished { return false }
        if template.hasPermutations {
            if started && (counter == UInt64.max || counter + 1 >= total) {
                finished = true
                return false
            }
            if started { counter += 1 }
            started = true
            template.variant(counter, binding: binding, into: &output)
            return true
        }
        if !started {
            started = true
            render(from: 0, offset: 0, keeping: 0)
        } else if !advance() {
            finished = true
            return false
        }
        buffer.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<length])) }
        return true
    }

    /// Increments the last active choice that does not wrap and re-renders from it.
    mutating func advance() -> Bool {
        var i = activeCount - 1
        while i >= 0 {
            let choice = active[i]
            if choice.item >= 0 {
                let g = Int(choice.item)
                let next = choices[g] + 1
                if next < template.groups[g].altCount {
                    choices[g] = next
                    render(from: Int(choice.node), offset: Int(choice.offset), keeping: i)
                    return true
                }
                choices[g] = 0
            } else {
                let ref = Int(~choice.item)
                let next = listChoices[ref] + 1
                if next < listCounts[ref] {
                    listChoices[ref] = next
                    render(from: Int(choice.node), offset: Int(choice.offset), keeping: i)
                    return true
                }
                listChoices[ref] = 0
            }
            i -= 1
        }
        return false
    }

    /// Re-renders from node `pc`, whose output starts at `offset`, keeping the first `count` active
    /// choices. `buffer` holds the longest possible rendering, so the renderer's bound is its end.
    mutating func render(from pc: Int, offset: Int, keeping count: Int) {
        (activeCount, length) = Self.render(
            renderer, from: pc, offset: offset, keeping: count, choices: choices, listChoices: listChoices,
            active: &active, buffer: &buffer)
    }

    /// The body of `render(from:offset:keeping:)`, apart from `self` so that the renderer is
    /// borrowed, not copied, while the buffers are lent. Returns the active count and the length.
    static func render(
        _ renderer: Renderer, from pc: Int, offset: Int, keeping count: Int, choices: [UInt32],
        listChoices: [UInt32], active: inout [ActiveChoice], buffer: inout [UInt8]
    ) -> (Int, Int) {
        choices.withUnsafeBufferPointer { choices in
            listChoices.withUnsafeBufferPointer { listChoices in
                active.withUnsafeMutableBufferPointer { active in
                    buffer.withUnsafeMutableBufferPointer { buffer in
                        let base = buffer.baseAddress!
                        precondition(offset <= buffer.count, "enumerator offset outside its buffer")
                        var cursor = RenderCursor(out: base + offset, end: base + buffer.count, drawTargets: nil)
                        let activeCount = renderer.odometerRun(
                            from: pc, choices: choices.baseAddress!, listChoices: listChoices.baseAddress!,
                            active: active, activeCount: count, outputBase: base, &cursor)
                        return (activeCount, cursor.out - base)
                    }
                }
            }
        }
    }
}

/// One active choice of the enumerator: a group index (or `~ref` for a list variable), its node, and
/// the output offset where it starts.
struct ActiveChoice {
    var item: Int32
    var node: UInt32
    var offset: UInt32
}

extension Template {
    /// Enumerates every variant in `variant(k)` order; see ``VariantEnumerator``.
    public func makeVariantEnumerator(binding: ResolvedBinding) -> VariantEnumerator {
        VariantEnumerator(template: self, binding: binding)
    }
}

extension Renderer {
    /// Renders from node `start` to the end with the choices in `choices` / `listChoices`, appending
    /// active choices after the first `activeCount`.
    /// - Returns: the new number of active choices.
    func odometerRun(
        from start: Int, choices: UnsafePointer<UInt32>, listChoices: UnsafePointer<UInt32>,
        active: UnsafeMutableBufferPointer<ActiveChoice>, activeCount: Int, outputBase: UnsafeMutablePointer<UInt8>,
        _ cursor: inout RenderCursor
    ) -> Int {
        var pc = start
        var count = activeCount
        while true {
            let node = nodes[pc]
            switch node.kind {
            case .text, .textThenGroup, .textThenVariable:
                cursor.write(literals, at: node.a, count: node.b)
                pc = Int(node.c)
            case .group, .weightedGroup:
                active[count] = ActiveChoice(item: Int32(node.a), node: UInt32(pc), offset: UInt32(cursor.out - outputBase))
                count += 1
                pc = Int(alternatives[Int(node.b) + Int(choices[Int(node.a)])].drawStart)
            case .jump:
                pc = Int(node.a)
            case .variable:
                let slot = slots[Int(node.a)]
                if slot.listCount == 0 {
                    cursor.write(values, at: slot.offset, count: slot.length)
                } else {
                    active[count] = ActiveChoice(item: ~Int32(node.b), node: UInt32(pc), offset: UInt32(cursor.out - outputBase))
                    count += 1
                    writeValue(slot, index: UInt64(listChoices[Int(node.b)]), &cursor)
                }
                pc = Int(node.c)
            case .conditional, .conditionalNot:
                pc = conditionalTarget(node)
            case .permutation, .keyGroup, .permutationAltEnd, .end:
                return count
            }
        }
    }
}
