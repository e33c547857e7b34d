/// Variable values for one article (one data row): plain values and lists. Names match the template
/// ASCII case-insensitively.
public struct Binding: Sendable {
    /// Plain values by variable name.
    public var values: [String: String]
    /// A variable bound to several values renders as a counter-based choice among them (Docs/Templates.md#variables).
    public var lists: [String: [String]]

    /// Binds plain values.
    public init(_ values: [String: String]) {
        self.values = values
        self.lists = [:]
    }

    /// Binds plain values and lists; a name in both uses the list.
    public init(values: [String: String], lists: [String: [String]]) {
        self.values = values
        self.lists = lists
    }
}

/// A value's bytes inside ``ResolvedBinding``'s buffer.
@usableFromInline
struct ValueRange: Sendable, BitwiseCopyable {
    @usableFromInline var offset: UInt32
    @usableFromInline var length: UInt32
}

/// One slot (a variable with its modifiers) of a resolved binding.
@usableFromInline
struct SlotValue: Sendable, BitwiseCopyable {
    /// Single value: its bytes. List (`listCount > 0`): `offset` indexes the list table.
    @usableFromInline var offset: UInt32
    @usableFromInline var length: UInt32
    @usableFromInline var listCount: UInt32
    /// 1 when the variable is bound to something that is not empty or whitespace-only.
    @usableFromInline var present: UInt32
}

/// A ``Binding`` resolved against one template: every variable's final bytes (modifiers applied, and
/// an HTML-escaped copy) sit in one contiguous buffer, so rendering does no lookups and no allocation.
///
/// Invariant the caller keeps: use it only with the template that produced it.
public struct ResolvedBinding: Sendable {
    @usableFromInline let values: FrozenBuffer<UInt8>
    @usableFromInline let slotsRaw: FrozenBuffer<SlotValue>
    @usableFromInline let slotsHTML: FrozenBuffer<SlotValue>
    @usableFromInline let listsRaw: FrozenBuffer<ValueRange>
    @usableFromInline let listsHTML: FrozenBuffer<ValueRange>
    @usableFromInline let maxRawBytes: Int
    @usableFromInline let maxHTMLBytes: Int
    /// Counts for this binding when they differ from the template's (lists or conditionals).
    @usableFromInline let counts: CountTable?
    let slotCount: Int

    /// The number of derivation paths with this binding: list variables count their length and
    /// conditionals their taken branch. `nil` when it equals the template's count.
    public var variantCount: VariantCount? {
        guard let counts else { return nil }
        return counts.total == UInt64.max ? .atLeast(UInt64.max, log10: counts.log10Total) : .exact(counts.total)
    }
}
