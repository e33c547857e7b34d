/// A plan for N pairwise-distinct articles with no retries (Docs/Templates.md#unique-batches): a few top-level "key groups"
/// whose variant digits come from a keyed bijection of the article index; every other group draws.
///
/// One plan serves the whole batch: radices never depend on the binding row (a list variable counts 1
/// and is always drawn).
public struct UniqueBatchPlan: Sendable {
    /// The template the plan renders.
    public let template: Template
    /// N, the number of articles the plan guarantees distinct.
    public let quantity: UInt64
    /// The master seed of the batch.
    public let seed: UInt64
    /// Ordinals (among the top-level groups) of the key groups, ascending.
    public let keyGroupOrdinals: [Int]
    /// Variant count of each key group.
    public let keyRadices: [UInt64]
    /// K = ∏ keyRadices, with K >= quantity.
    public let keySpace: UInt64
    /// The template's nodes with the key groups retagged `.keyGroup`.
    let nodes: FrozenBuffer<Node>
    let radices: FrozenBuffer<UInt64>
    /// Per key position, the product of the radices after it.
    let suffixes: FrozenBuffer<UInt64>

    /// Chooses key groups: for m = 1, 2, … the ordinals ⌊j·G/m⌋ (j < m), stopping at the first m whose
    /// K = ∏ radix ≥ `quantity`.
    /// - Throws: ``SpintaxError/Code/capacity`` ("template has K top-level variants; N requested") when
    ///   even every top-level group gives K < N; ``SpintaxError/Code/keySpaceTooLarge`` when K > 2^62.
    public init(template: Template, quantity: UInt64, seed: UInt64) throws(SpintaxError) {
        let counts = template.topLevelGroupCounts
        let g = counts.count
        var ordinals: [Int] = []
        var space: UInt64 = 1
        if g > 0 {
            for m in 1...g {
                ordinals = (0..<m).map { j in j * g / m }
                space = ordinals.reduce(1) { saturatingMultiply($0, counts[$1]) }
                if space >= quantity { break }
            }
        }
        guard space >= quantity else {
            throw SpintaxError(code: .capacity, message: "template has \(space) top-level variants; \(quantity) requested")
        }
        guard space <= 1 << 62 else {
            throw SpintaxError(
                code: .keySpaceTooLarge,
                message: "the key groups span more than 2^62 variants for \(quantity) articles; lower the quantity")
        }
        var nodes = template.nodes.array
        for (position, ordinal) in ordinals.enumerated() {
            let group = template.topLevelGroups[ordinal]
            let node = Int(template.groups[group].node)
            nodes[node] = Node(kind: .keyGroup, a: UInt32(group), b: UInt32(position))
            // A fused predecessor would draw this node as a plain group.
            if node > 0 && nodes[node - 1].kind == .textThenGroup { nodes[node - 1].kind = .text }
        }
        self.template = template
        self.quantity = quantity
        self.seed = seed
        self.keyGroupOrdinals = ordinals
        self.keyRadices = ordinals.map { counts[$0] }
        self.keySpace = space
        self.nodes = FrozenBuffer(nodes)
        self.radices = FrozenBuffer(keyRadices)
        var suffixes = [UInt64](repeating: 1, count: ordinals.count)
        var product: UInt64 = 1
        for j in stride(from: ordinals.count - 1, through: 0, by: -1) {
            suffixes[j] = product
            product = saturatingMultiply(product, keyRadices[j])
        }
        self.suffixes = FrozenBuffer(suffixes)
    }

    /// The same plan under another master seed: key groups, radices and nodes depend only on the
    /// template and the quantity, so this shares them instead of choosing and copying them again.
    /// Renders exactly as `UniqueBatchPlan(template:quantity:seed:)` with that seed would.
    public func reseeded(_ seed: UInt64) -> UniqueBatchPlan {
        UniqueBatchPlan(
            template: template, quantity: quantity, seed: seed, keyGroupOrdinals: keyGroupOrdinals,
            keyRadices: keyRadices, keySpace: keySpace, nodes: nodes, radices: radices, suffixes: suffixes)
    }

    private init(
        template: Template, quantity: UInt64, seed: UInt64, keyGroupOrdinals: [Int], keyRadices: [UInt64],
        keySpace: UInt64, nodes: FrozenBuffer<Node>, radices: FrozenBuffer<UInt64>, suffixes: FrozenBuffer<UInt64>
    ) {
        self.template = template
        self.quantity = quantity
        self.seed = seed
        self.keyGroupOrdinals = keyGroupOrdinals
        self.keyRadices = keyRadices
        self.keySpace = keySpace
        self.nodes = nodes
        self.radices = radices
        self.suffixes = suffixes
    }

    /// The key index of article `index`: `feistel_permute(index, K, seed)`. Indices ≥ K wrap.
    public func keyIndex(of index: UInt64) -> UInt64 {
        SpintaxHash.feistelPermute(index % keySpace, domain: keySpace, seed: seed)
    }

    /// The key digits of article `index` (one per key group, mixed radix, last fastest): which variant
    /// each key group renders. Two articles with equal outputs but different digits point at the
    /// ambiguous groups.
    public func keyDigits(of index: UInt64) -> [UInt64] {
        let key = keyIndex(of: index)
        return (0..<radices.count).map { j in (key / suffixes[j]) % radices[j] }
    }

    /// Renders article `index` (< quantity for the distinctness guarantee): key group j renders
    /// `variant(d_j)` of the mixed-radix digits of ``keyIndex(of:)`` (last fastest); every other group,
    /// at any depth, and every list variable draws (counter-based choice). Appends to `output`; allocates nothing in
    /// steady state.
    public func render(
        index: UInt64, binding: ResolvedBinding, options: RenderOptions = RenderOptions(), into output: inout [UInt8]
    ) {
        let hash = SpintaxHash.articleHash(seed: seed, article: index)
        template.withRenderer(
            binding: binding, html: options.escapeHTML, articleHash: hash, useTemplateCounts: true, nodes: nodes,
            keyIndex: keyIndex(of: index), keyRadices: radices, keySuffixes: suffixes, draw: true, into: &output
        ) { renderer, cursor in
            renderer.predrawGroups(count: template.groups.count, &cursor)
            _ = renderer.drawRun(0, &cursor)
        }
    }
}
