extension Template {
    /// What a binding gives one slot, before its modifiers.
    private enum SlotBinding {
        case one(String)
        case list([String])
    }

    /// Resolves `binding` against this template once: looks every variable up (ASCII
    /// case-insensitively), applies modifiers, and lays the values out in one buffer.
    ///
    /// A variable referenced outside every conditional must be bound to a non-empty value; inside a
    /// conditional an unbound variable renders nothing. Values are atomic: never parsed as spintax.
    /// - Throws: ``SpintaxError/Code/unboundVariable`` (R001) listing every such variable.
    public func resolve(_ binding: Binding) throws(SpintaxError) -> ResolvedBinding {
        // Key → value, deterministic when two binding keys differ only in case: the template's exact
        // spelling wins, else the smallest key in byte order.
        var lookup: [String: (key: String, value: SlotBinding)] = [:]
        func add(_ key: String, _ value: SlotBinding) {
            let folded = asciiLowercased(key)
            if let existing = lookup[folded], existing.key.utf8.lexicographicallyPrecedes(key.utf8) { return }
            lookup[folded] = (key, value)
        }
        // `add` keeps the smallest key whatever the order, so no sort is needed for determinism.
        for (key, value) in binding.values where binding.lists[key] == nil { add(key, .one(value)) }
        for (key, values) in binding.lists { add(key, .list(values)) }
        return try resolveSlots { slot in
            binding.lists[slot.name].map(SlotBinding.list) ?? binding.values[slot.name].map(SlotBinding.one) ?? lookup[slot.key]?.value
        }
    }

    /// Resolves plain values keyed by ASCII-lowercased variable name, the form every ``Binding`` key
    /// folds to: the same as `resolve(Binding(values))` when no two keys fold alike, without building
    /// the case-folding table (for callers that resolve a binding per article).
    /// - Throws: ``SpintaxError/Code/unboundVariable`` (R001) listing every such variable.
    public func resolve(lowercasedValues values: [String: String]) throws(SpintaxError) -> ResolvedBinding {
        try resolveSlots { slot in values[slot.key].map(SlotBinding.one) }
    }

    /// Applies each slot's modifiers to what `bound` gives it (nil: unbound) and lays the values out.
    private func resolveSlots(_ bound: (SlotSpec) -> SlotBinding?) throws(SpintaxError) -> ResolvedBinding {
        var bytes: [UInt8] = []
        var raw: [SlotValue] = []
        var html: [SlotValue] = []
        var listRaw: [ValueRange] = []
        var listHTML: [ValueRange] = []
        var maxRaw = 0
        var maxHTML = 0
        var listSizes: [UInt64] = []
        var present: [Bool] = []
        var hasList = false
        var missing: [RawDiagnostic] = []
        var missingNames: [String] = []
        raw.reserveCapacity(slots.count)
        html.reserveCapacity(slots.count)
        listSizes.reserveCapacity(slots.count)
        present.reserveCapacity(slots.count)

        func store(_ value: String) -> (ValueRange, ValueRange) {
            let r = ValueRange(offset: UInt32(bytes.count), length: UInt32(value.utf8.count))
            bytes.append(contentsOf: value.utf8)
            let escapedStart = bytes.count
            appendHTMLEscaped(value, to: &bytes)
            let h = ValueRange(offset: UInt32(escapedStart), length: UInt32(bytes.count - escapedStart))
            maxRaw = max(maxRaw, Int(r.length))
            maxHTML = max(maxHTML, Int(h.length))
            return (r, h)
        }

        for slot in slots {
            let entry = bound(slot)
            var single: String? = nil
            var list: [String] = []
            switch entry {
            case .one(let value)?:
                single = slot.modifiers.reduce(value) { $1.apply($0) }
            case .list(let values)?:
                let applied = values.map { value in slot.modifiers.reduce(value) { $1.apply($0) } }
                if applied.count <= 1 { single = applied.first } else { list = applied }
            case nil:
                break
            }
            let isPresent = list.isEmpty ? single.map(Self.isPresentValue) ?? false : list.contains(where: Self.isPresentValue)
            present.append(isPresent)
            if slot.required && (list.isEmpty ? (single ?? "").isEmpty : list.allSatisfy(\.isEmpty)) {
                missing.append(
                    RawDiagnostic(
                        code: .E004, offset: slot.firstOffset, length: 1,
                        message: "variable '\(slot.name)' is \(entry == nil ? "unbound" : "empty") in this row",
                        related: []))
                missingNames.append("'\(slot.name)'")
            }
            if list.isEmpty {
                let (r, h) = store(single ?? "")
                raw.append(SlotValue(offset: r.offset, length: r.length, listCount: 0, present: isPresent ? 1 : 0))
                html.append(SlotValue(offset: h.offset, length: h.length, listCount: 0, present: isPresent ? 1 : 0))
                listSizes.append(1)
            } else {
                hasList = true
                let base = UInt32(listRaw.count)
                for value in list {
                    let (r, h) = store(value)
                    listRaw.append(r)
                    listHTML.append(h)
                }
                let count = UInt32(list.count)
                raw.append(SlotValue(offset: base, length: 0, listCount: count, present: isPresent ? 1 : 0))
                html.append(SlotValue(offset: base, length: 0, listCount: count, present: isPresent ? 1 : 0))
                listSizes.append(UInt64(list.count))
            }
        }
        if !missing.isEmpty {
            let bom = source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            let diagnostics = SourceLocator(source: source, start: bom).resolve(missing, lenient: false, limit: 100)
                .map { d -> Diagnostic in
                    var d = d
                    d.code = SpintaxError.Code.unboundVariable.rawValue
                    return d
                }
            let names = missingNames.joined(separator: ", ")
            throw SpintaxError(
                code: .unboundVariable, message: "the row leaves \(names) unbound or empty", diagnostics: diagnostics)
        }
        let counts: CountTable? =
            hasList || hasConditionals
            ? CountTable.compute(
                nodes: nodes, groups: groups, alternatives: alternatives, permutations: permutations,
                listSize: listSizes, present: present)
            : nil
        return ResolvedBinding(
            values: FrozenBuffer(bytes, padding: Renderer.copySlack, filler: 0), slotsRaw: FrozenBuffer(raw), slotsHTML: FrozenBuffer(html),
            listsRaw: FrozenBuffer(listRaw), listsHTML: FrozenBuffer(listHTML), maxRawBytes: maxRaw,
            maxHTMLBytes: maxHTML, counts: counts, slotCount: slots.count)
    }
}

extension Template {
    /// Not empty and not only white space. Most values start with a visible ASCII character, which
    /// answers at once without Unicode property look-ups.
    static func isPresentValue(_ value: String) -> Bool {
        if let first = value.utf8.first, first > 0x20, first < 0x7F { return true }
        return !value.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}

/// Appends `value` with `& < > " '` escaped for HTML text and attributes.
func appendHTMLEscaped(_ value: String, to bytes: inout [UInt8]) {
    for b in value.utf8 {
        switch b {
        case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
        default: bytes.append(b)
        }
    }
}
