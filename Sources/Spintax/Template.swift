/// A parsed spintax template: immutable, cheap to copy, safe to share across threads.
///
/// Layout (why it is fast): the template is compiled once into a flat array of 16-byte ``Node``s in
/// pre-order. A group node is followed by its alternatives laid end to end, each ending in a jump to
/// the node after the group, so rendering is one loop over node indices with no recursion, no
/// per-node allocation and no dynamic dispatch. Literal text lives in one contiguous byte pool and is
/// copied with `memcpy`; group ids (D5, Docs/Templates.md#determinism) and variant counts (#counting) are precomputed per group.
public struct Template: Sendable {
    @usableFromInline let nodes: FrozenBuffer<Node>
    @usableFromInline let literals: FrozenBuffer<UInt8>
    @usableFromInline let groups: FrozenBuffer<GroupInfo>
    @usableFromInline let alternatives: FrozenBuffer<AltInfo>
    /// Per alternative, where draw mode continues (a dense copy of `AltInfo.drawStart`).
    @usableFromInline let drawStarts: FrozenBuffer<UInt32>
    /// Per group: what draw mode needs to pre-draw it (``Renderer/predrawGroups(count:)``).
    @usableFromInline let drawGroups: FrozenBuffer<DrawGroup>
    @usableFromInline let permutations: FrozenBuffer<PermutationInfo>
    @usableFromInline let variableGroupIDs: FrozenBuffer<UInt64>
    @usableFromInline var counts: CountTable
    var slots: [SlotSpec]
    /// Group indices of the top-level groups (not variables, not conditionals), in source order.
    var topLevelGroups: [Int]
    /// Number of real groups (groups, weighted groups, permutations), at any depth.
    public let totalGroupCount: Int
    /// Deepest group nesting; a top-level group has depth 1. Variables do not count.
    public let maxDepth: Int
    /// Number of variable references (occurrences), `{{X}}` counted once.
    public let variableReferenceCount: Int
    /// Variable names as referenced (first spelling), in first-occurrence order, ASCII case-insensitively
    /// distinct. Names only tested by conditionals are included.
    public let variableNames: [String]

    /// The ASCII-lowercased names of the variables referenced outside every conditional: a binding
    /// must give each a non-empty value (R001). Lets a caller check many rows without resolving.
    public var requiredVariableKeys: Set<String> {
        Set(slots.lazy.filter(\.required).map(\.key))
    }
    /// Upper bounds of one rendering, used to reserve the output once per render.
    @usableFromInline var maxLiteralBytes: Int
    @usableFromInline var maxVariableUses: Int
    let hasConditionals: Bool
    let hasPermutations: Bool
    /// The original source (diagnostics of binding checks need positions).
    let source: [UInt8]

    /// The number of derivation paths (Docs/Templates.md#counting): list variables count 1, a conditional counts its
    /// larger branch.
    public var count: VariantCount {
        counts.total == UInt64.max
            ? .atLeast(UInt64.max, log10: counts.log10Total) : .exact(counts.total)
    }

    /// The number of groups at top level (the `G` of Docs/Templates.md#unique-batches).
    public var topLevelGroupCount: Int { topLevelGroups.count }

    /// Variant counts of the top-level groups, in source order (`UInt64.max` = saturated).
    public var topLevelGroupCounts: [UInt64] { topLevelGroups.map { counts.groupCount[$0] } }

    /// Parses UTF-8 bytes in one pass. Never throws: in strict mode any error gives `template == nil`;
    /// in lenient mode the template is always produced (except over the size limit, E009) and errors
    /// are reported as warnings.
    /// Linear in the input, including deep or unclosed nesting; no recursion on input depth.
    public static func parse(_ source: [UInt8], options: ParseOptions = ParseOptions()) -> ParseResult {
        var parser = TemplateParser(source: source, options: options)
        return parser.run()
    }

    /// Parses `source` and throws when (strict) parsing reports errors.
    /// - Throws: ``SpintaxError/Code/invalidTemplate`` with the diagnostics.
    public init(_ source: String, options: ParseOptions = ParseOptions()) throws(SpintaxError) {
        let result = Template.parse(Array(source.utf8), options: options)
        guard let template = result.template else {
            let first = result.diagnostics.first { $0.severity == .error }
            throw SpintaxError(
                code: .invalidTemplate,
                message: first.map { "\($0.line):\($0.column): \($0.code): \($0.message)" } ?? "invalid template",
                diagnostics: result.diagnostics)
        }
        self = template
    }

    init(
        nodes: [Node], literals: [UInt8], groups: [GroupInfo], alternatives: [AltInfo],
        permutations: [PermutationInfo], variableGroupIDs: [UInt64], slots: [SlotSpec],
        topLevelGroups: [Int], totalGroupCount: Int, maxDepth: Int, variableReferenceCount: Int,
        variableNames: [String], source: [UInt8]
    ) {
        self.nodes = FrozenBuffer(nodes)
        self.literals = FrozenBuffer(literals, padding: Renderer.copySlack, filler: 0)
        self.groups = FrozenBuffer(groups)
        self.alternatives = FrozenBuffer(alternatives)
        self.drawStarts = FrozenBuffer(alternatives.map(\.drawStart))
        // Only uniform groups are read back; the others get one alternative so the pre-draw loop
        // needs no branch (every group has at least one alternative).
        self.drawGroups = FrozenBuffer(
            groups.map { g in
                DrawGroup(gid: g.gid, altBase: g.altBase, count: g.kind == .group ? g.altCount : 1)
            })
        self.permutations = FrozenBuffer(permutations)
        self.variableGroupIDs = FrozenBuffer(variableGroupIDs)
        self.slots = slots
        self.topLevelGroups = topLevelGroups
        self.totalGroupCount = totalGroupCount
        self.maxDepth = maxDepth
        self.variableReferenceCount = variableReferenceCount
        self.variableNames = variableNames
        self.source = source
        self.hasConditionals = groups.contains { $0.kind == .conditional || $0.kind == .conditionalNot }
        self.hasPermutations = groups.contains { $0.kind == .permutation }
        self.counts = CountTable.compute(
            nodes: self.nodes, groups: self.groups, alternatives: self.alternatives,
            permutations: self.permutations, listSize: nil, present: nil)
        (self.maxLiteralBytes, self.maxVariableUses) = Template.bounds(
            nodes: self.nodes, groups: self.groups, alternatives: self.alternatives,
            permutations: self.permutations)
    }
}

/// The outcome of ``Template/parse(_:options:)``.
public struct ParseResult: Sendable {
    /// The template, or `nil` when strict parsing found errors.
    public var template: Template?
    /// All diagnostics, sorted by (line, column, code), at most `maxDiagnostics`; errors are kept
    /// before warnings when cut, followed then by one N001 note saying how many were left out.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(template: Template?, diagnostics: [Diagnostic]) {
        self.template = template
        self.diagnostics = diagnostics
    }

    /// True when a diagnostic has error severity.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
