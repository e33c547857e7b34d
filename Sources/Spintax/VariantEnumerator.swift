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
    /// Pointers into `template` and `binding`, which this struct keeps alive; copied per step instead
    /// of copying the template (which would retain every buffer).
    let prototype: Renderer

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
        prototype = template.makeRenderer(
            binding: binding, html: false, articleHash: 0, out: UnsafeMutablePointer(template.literals.base))
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

    mutating func render(from pc: Int, offset: Int, keeping count: Int) {
        var renderer = prototype
        var written = 0
        var activeCount = count
        choices.withUnsafeBufferPointer { choices in
            listChoices.withUnsafeBufferPointer { listChoices in
                active.withUnsafeMutableBufferPointer { active in
                    buffer.withUnsafeMutableBufferPointer { buffer in
                        let base = buffer.baseAddress!
                        renderer.out = base + offset
                        activeCount = renderer.odometerRun(
                            from: pc, choices: choices.baseAddress!, listChoices: listChoices.baseAddress!,
                            active: active.baseAddress!, activeCount: count, outputBase: base)
                        written = renderer.out - base
                    }
                }
            }
        }
        self.activeCount = activeCount
        length = written
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
    mutating func odometerRun(
        from start: Int, choices: UnsafePointer<UInt32>, listChoices: UnsafePointer<UInt32>,
        active: UnsafeMutablePointer<ActiveChoice>, activeCount: Int, outputBase: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var pc = start
        var count = activeCount
        while true {
            let node = nodes[pc]
            switch node.kind {
            case .text, .textThenGroup, .textThenVariable:
                write(literals + Int(node.a), Int(node.b))
                pc = Int(node.c)
            case .group, .weightedGroup:
                active[count] = ActiveChoice(item: Int32(node.a), node: UInt32(pc), offset: UInt32(out - outputBase))
                count += 1
                pc = Int(alternatives[Int(node.b) + Int(choices[Int(node.a)])].drawStart)
            case .jump:
                pc = Int(node.a)
            case .variable:
                let slot = slots[Int(node.a)]
                if slot.listCount == 0 {
                    write(values + Int(slot.offset), Int(slot.length))
                } else {
                    active[count] = ActiveChoice(item: ~Int32(node.b), node: UInt32(pc), offset: UInt32(out - outputBase))
                    count += 1
                    writeValue(slot, index: UInt64(listChoices[Int(node.b)]))
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
