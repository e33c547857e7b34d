// Pass 2, variables: references and their slots, and the group ids of repeated constructs, found
// through `HashHeads` without hashing a construct's bytes twice.

extension TemplateParser {
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

    /// The group id (D5, Docs/Templates.md#determinism): `mix64(fnv1a64(source) + occurrence)` for the construct `i...close`.
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
}
