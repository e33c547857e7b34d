/// Enumerates every variant in ``Template/variant(_:binding:into:)`` order, lazily, as an odometer:
/// each step increments the last active choice and carries, with no division.
///
/// Why this is correct: the active choices in render (pre-order) order are the digits of the mixed
/// radix, so incrementing from the end and carrying reproduces `variant(k)` for k = 0, 1, …; a group
/// advances only after everything after it wrapped to 0, so inactive groups always hold 0.
/// Templates with permutations fall back to `variant(k)` per step.
public struct VariantEnumerator {
    let template: Template
    let binding: ResolvedBinding
    var choices: [UInt32]
    var listChoices: [UInt32]
    /// Number of values per variable reference (0 for a plain value).
    let listCounts: [UInt32]
    /// Active countables of the current variant in pre-order: a group index, or `~ref` for a list variable.
    var active: [Int32]
    var activeCount = 0
    var started = false
    var finished = false
    var counter: UInt64 = 0
    let total: UInt64

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
        active = Array(repeating: 0, count: template.groups.count + template.variableGroupIDs.count + 1)
        total = (binding.counts ?? template.counts).total
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
        if started && !increment() {
            finished = true
            return false
        }
        started = true
        render(into: &output)
        return true
    }

    mutating func increment() -> Bool {
        let groups = template.groups
        var i = activeCount - 1
        while i >= 0 {
            let item = active[i]
            if item >= 0 {
                let g = Int(item)
                let next = choices[g] + 1
                if next < groups[g].altCount {
                    choices[g] = next
                    return true
                }
                choices[g] = 0
            } else {
                let ref = Int(~item)
                let next = listChoices[ref] + 1
                if next < listCounts[ref] {
                    listChoices[ref] = next
                    return true
                }
                listChoices[ref] = 0
            }
            i -= 1
        }
        return false
    }

    mutating func render(into output: inout [UInt8]) {
        var count = 0
        choices.withUnsafeBufferPointer { choices in
            listChoices.withUnsafeBufferPointer { listChoices in
                active.withUnsafeMutableBufferPointer { active in
                    template.withRenderer(binding: binding, html: false, articleHash: 0, into: &output) { renderer in
                        count = renderer.odometerRun(
                            choices: choices.baseAddress!, listChoices: listChoices.baseAddress,
                            active: active.baseAddress!)
                    }
                }
            }
        }
        activeCount = count
    }
}

extension Template {
    /// Enumerates every variant in `variant(k)` order; see ``VariantEnumerator``.
    public func makeVariantEnumerator(binding: ResolvedBinding) -> VariantEnumerator {
        VariantEnumerator(template: self, binding: binding)
    }

}

extension Renderer {
    /// Renders the variant held in `choices` / `listChoices`, recording active countables in pre-order.
    /// - Returns: the number of active countables written to `active`.
    mutating func odometerRun(
        choices: UnsafePointer<UInt32>, listChoices: UnsafePointer<UInt32>?, active: UnsafeMutablePointer<Int32>
    ) -> Int {
        var pc = 0
        var count = 0
        while true {
            let node = nodes[pc]
            switch node.kind {
            case .text:
                write(literals + Int(node.a), Int(node.b))
                pc += 1
            case .group, .weightedGroup:
                active[count] = Int32(node.a)
                count += 1
                pc = Int(alternatives[Int(node.b) + Int(choices[Int(node.a)])].start)
            case .jump:
                pc = Int(node.a)
            case .variable:
                let slot = slots[Int(node.a)]
                if slot.listCount == 0 {
                    write(values + Int(slot.offset), Int(slot.length))
                } else {
                    active[count] = ~Int32(node.b)
                    count += 1
                    writeValue(slot, index: UInt64(listChoices![Int(node.b)]))
                }
                pc += 1
            case .conditional, .conditionalNot:
                let info = groups[Int(node.a)]
                let taken = (slots[Int(info.extra)].present != 0) == (node.kind == .conditional)
                if taken {
                    pc = Int(alternatives[Int(node.b)].start)
                } else if node.c > 1 {
                    pc = Int(alternatives[Int(node.b) + 1].start)
                } else {
                    pc = Int(info.next)
                }
            case .permutation, .keyGroup, .permutationAltEnd, .end:
                return count
            }
        }
    }
}
