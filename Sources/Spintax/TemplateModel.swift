// The compiled form of a template: flat arrays of small structs, laid out for rendering without
// recursion or dispatch. See `Template` for the layout.

/// What a ``Node`` is. Group-like nodes are followed in pre-order by their alternatives, each a
/// contiguous run of nodes ending in a `.jump` (or `.permutationAltEnd` inside a permutation).
@usableFromInline
enum NodeKind: UInt8, Sendable, BitwiseCopyable {
    /// `a` = offset into the literal pool, `b` = byte length, `c` = next node for draw mode (jumps
    /// already followed).
    case text
    /// `a` = slot, `b` = variable reference ordinal (indexes `variableGroupIDs`), `c` = next node for
    /// draw mode.
    case variable
    /// Uniform choice. `a` = group index, `b` = first alternative index, `c` = alternative count.
    case group
    /// Weighted choice; fields as `.group`.
    case weightedGroup
    /// Ordered k-subset; fields as `.group`.
    case permutation
    /// Renders alternative 0 when the slot `groups[a].slot` is present, else alternative 1 if any.
    case conditional
    /// As `.conditional` with the test inverted.
    case conditionalNot
    /// End of an alternative: continue at `a`.
    case jump
    /// End of a permutation element: return to the permutation.
    case permutationAltEnd
    /// End of the template.
    case end
    /// `.text` directly followed by a `.group` node (never a jump between them): every mode but draw
    /// mode reads it as `.text`; draw mode copies the text and draws the group at the next index in
    /// one dispatch. Set after parsing by `TemplateParser.fuseTextPairs`.
    case textThenGroup
    /// As `.textThenGroup`, with a `.variable` node next.
    case textThenVariable
    /// A key group of a unique batch plan (plan-private node copies only): `a` = group index,
    /// `b` = key digit position.
    case keyGroup
}

@usableFromInline
struct Node: Sendable, BitwiseCopyable {
    @usableFromInline var kind: NodeKind
    @usableFromInline var a: UInt32
    @usableFromInline var b: UInt32
    @usableFromInline var c: UInt32

    @inlinable init(kind: NodeKind, a: UInt32 = 0, b: UInt32 = 0, c: UInt32 = 0) {
        self.kind = kind
        self.a = a
        self.b = b
        self.c = c
    }
}

/// A group-like construct (group, weighted group, permutation, conditional), in closing order, so a
/// group's descendants always come before it.
@usableFromInline
struct GroupInfo: Sendable, BitwiseCopyable {
    @usableFromInline var node: UInt32
    /// Node index just past the construct.
    @usableFromInline var next: UInt32
    @usableFromInline var altBase: UInt32
    @usableFromInline var altCount: UInt32
    @usableFromInline var kind: NodeKind
    @usableFromInline var gid: UInt64
    /// Sum of weights (weighted groups).
    @usableFromInline var weightTotal: UInt64
    /// Index into `permutations` (permutations), or the tested slot (conditionals).
    @usableFromInline var extra: UInt32
    /// Byte offset of the `{` in the source.
    @usableFromInline var sourceOffset: UInt32
    /// 1 for a top-level group.
    @usableFromInline var depth: UInt32
}

/// The three fields of a group that its counter-based draw reads, packed in 16 bytes.
@usableFromInline
struct DrawGroup: Sendable, BitwiseCopyable {
    @usableFromInline var gid: UInt64
    @usableFromInline var altBase: UInt32
    /// Alternative count for a uniform group, 1 for any other kind (its entry is never read).
    @usableFromInline var count: UInt32
}

@usableFromInline
struct AltInfo: Sendable, BitwiseCopyable {
    /// First node of the alternative.
    @usableFromInline var start: UInt32
    /// The alternative's terminating `.jump` / `.permutationAltEnd` node.
    @usableFromInline var end: UInt32
    /// `start` with jumps followed: where draw mode continues (an empty alternative skips straight on).
    @usableFromInline var drawStart: UInt32
    /// Cumulative weight up to and including this alternative (weighted groups).
    @usableFromInline var weightCumulative: UInt64
}

@usableFromInline
struct PermutationInfo: Sendable, BitwiseCopyable {
    @usableFromInline var minCount: UInt32
    @usableFromInline var maxCount: UInt32
    @usableFromInline var separatorOffset: UInt32
    @usableFromInline var separatorLength: UInt32
    @usableFromInline var lastOffset: UInt32
    @usableFromInline var lastLength: UInt32
}

/// One variable use: a name plus a modifier chain. Values are computed per binding in ``Template/resolve(_:)``.
struct SlotSpec: Sendable {
    var name: String
    var key: String
    var modifiers: [Modifier]
    /// Referenced outside every conditional (an unbound or empty value is R001).
    var required: Bool
    /// Byte offset of the first reference.
    var firstOffset: Int
}

/// Variant counts of every group-like construct, for a template alone (list variables count 1,
/// conditionals count their larger branch) or for one binding (lists count their length, conditionals
/// their taken branch). `UInt64.max` means "at least that" (saturated).
@usableFromInline
struct CountTable: Sendable {
    @usableFromInline let groupCount: FrozenBuffer<UInt64>
    /// Per alternative: count of all alternatives up to and including it.
    @usableFromInline let altCumulative: FrozenBuffer<UInt64>
    /// Per node: product of the counts of the later items of its sequence (groups and variables only).
    @usableFromInline let nodeSuffix: FrozenBuffer<UInt64>
    var total: UInt64
    var log10Total: Double
    var groupLog10: [Double]
}
