extension Template {
    /// Renders article `index` of the batch seeded by `seed` (spec D4): every group, at any depth, takes
    /// `draw(seed, index, gid, n)`; list variables likewise. Appends UTF-8 bytes to `output`.
    ///
    /// Steady state allocates nothing when `output` has capacity (reuse one buffer with
    /// `removeAll(keepingCapacity: true)`). `binding` must come from this template's ``resolve(_:)``.
    public func render(
        seed: UInt64, index: UInt64, binding: ResolvedBinding, options: RenderOptions = RenderOptions(),
        into output: inout [UInt8]
    ) {
        let hash = SpintaxHash.articleHash(seed: seed, article: index)
        withRenderer(binding: binding, html: options.escapeHTML, articleHash: hash, draw: true, into: &output) {
            renderer in
            renderer.predrawGroups(count: groups.count)
            _ = renderer.drawRun(0)
        }
    }

    /// Appends the `k`-th variant (spec §7.3: mixed radix, last item fastest, alternatives laid end to
    /// end). List variables count as groups of their values; conditionals take their branch. `k` is
    /// taken modulo the count; with an overflowing count, leading digits are 0.
    public func variant(_ k: UInt64, binding: ResolvedBinding, into output: inout [UInt8]) {
        withRenderer(binding: binding, html: false, articleHash: 0, listsAreDigits: true, into: &output) { renderer in
            _ = renderer.variantRun(0, k)
        }
    }

    /// Appends the `k`-th variant with HTML-escaped values; see ``variant(_:binding:into:)``.
    public func variant(_ k: UInt64, binding: ResolvedBinding, options: RenderOptions, into output: inout [UInt8]) {
        withRenderer(binding: binding, html: options.escapeHTML, articleHash: 0, listsAreDigits: true, into: &output) {
            renderer in
            _ = renderer.variantRun(0, k)
        }
    }

    /// Sizes `output` for the longest possible rendering, points a ``Renderer`` at the free space, runs
    /// `body`, and trims `output` to what was written.
    @inline(__always)
    func withRenderer(
        binding: ResolvedBinding, html: Bool, articleHash: UInt64, listsAreDigits: Bool = false,
        useTemplateCounts: Bool = false, nodes: FrozenBuffer<Node>? = nil, keyIndex: UInt64 = 0,
        keyRadices: FrozenBuffer<UInt64>? = nil, keySuffixes: FrozenBuffer<UInt64>? = nil, draw: Bool = false,
        into output: inout [UInt8], _ body: (inout Renderer) -> Void
    ) {
        precondition(binding.slotCount == slots.count, "ResolvedBinding used with a different template")
        let bound = outputBound(binding: binding, html: html)
        // Renders straight into the spare capacity, so the bound is never zero-filled or trimmed per
        // render: with a reused buffer this is a capacity check, not a write of `bound` bytes.
        // Draw mode also borrows the capacity past the bound for its table of pre-drawn groups (one
        // UInt32 per group, aligned), which no output byte ever reaches.
        let scratch = draw ? groups.count * MemoryLayout<UInt32>.stride + MemoryLayout<UInt32>.alignment : 0
        output.reserveCapacity(output.count + bound + scratch)
        // The capacity is unique and reserved, and `output` is not touched again until the append
        // below, so the spare capacity stays where it is while the renderer writes there.
        let start = output.withUnsafeMutableBufferPointer { $0.baseAddress! + $0.count }
        var targets: UnsafeMutablePointer<UInt32>? = nil
        if draw {
            let raw = UnsafeMutableRawPointer(start + bound).alignedUp(for: UInt32.self)
            targets = raw.bindMemory(to: UInt32.self, capacity: groups.count)
        }
        var renderer = makeRenderer(
            binding: binding, html: html, articleHash: articleHash, listsAreDigits: listsAreDigits,
            useTemplateCounts: useTemplateCounts, nodes: nodes, keyIndex: keyIndex, keyRadices: keyRadices,
            keySuffixes: keySuffixes, drawTargets: targets, out: start)
        body(&renderer)
        let written = renderer.out - start
        // Overrunning would already have corrupted memory; this guards the bound's derivation.
        precondition(written <= bound, "render bound exceeded")
        output.append(contentsOf: WrittenCapacity(start: start, count: written))
    }

    /// The longest possible rendering with `binding`, plus spare bytes for word-sized copies.
    func outputBound(binding: ResolvedBinding, html: Bool) -> Int {
        maxLiteralBytes + maxVariableUses * (html ? binding.maxHTMLBytes : binding.maxRawBytes) + Renderer.copySlack
    }

    /// A renderer over this template's and `binding`'s buffers, writing at `out`. The pointers stay
    /// valid while `self`, `binding` and `nodes` are alive.
    @inline(__always)
    func makeRenderer(
        binding: ResolvedBinding, html: Bool, articleHash: UInt64, listsAreDigits: Bool = false,
        useTemplateCounts: Bool = false, nodes: FrozenBuffer<Node>? = nil, keyIndex: UInt64 = 0,
        keyRadices: FrozenBuffer<UInt64>? = nil, keySuffixes: FrozenBuffer<UInt64>? = nil,
        drawTargets: UnsafeMutablePointer<UInt32>? = nil, out: UnsafeMutablePointer<UInt8>
    ) -> Renderer {
        let counts = useTemplateCounts ? self.counts : (binding.counts ?? self.counts)
        return Renderer(
            nodes: UnsafePointer((nodes ?? self.nodes).base), templateNodes: UnsafePointer(self.nodes.base),
            literals: UnsafePointer(literals.base), groups: UnsafePointer(groups.base),
            alternatives: UnsafePointer(alternatives.base),
            drawStarts: UnsafePointer(drawStarts.base), permutations: UnsafePointer(permutations.base),
            variableGroupIDs: UnsafePointer(variableGroupIDs.base),
            slots: UnsafePointer((html ? binding.slotsHTML : binding.slotsRaw).base),
            lists: UnsafePointer((html ? binding.listsHTML : binding.listsRaw).base),
            values: UnsafePointer(binding.values.base), groupCount: UnsafePointer(counts.groupCount.base),
            altCumulative: UnsafePointer(counts.altCumulative.base),
            nodeSuffix: UnsafePointer(counts.nodeSuffix.base), articleHash: articleHash, keyIndex: keyIndex,
            keyRadices: keyRadices.map { UnsafePointer($0.base) }, keySuffixes: keySuffixes.map { UnsafePointer($0.base) },
            listsAreDigits: listsAreDigits, out: out, drawGroups: UnsafePointer(drawGroups.base),
            drawTargets: drawTargets)
    }
}

/// The `count` bytes already written at `start`, the spare capacity of the array they are appended
/// to: an empty sequence whose bulk copy only reports them as initialized.
///
/// `Array.append(contentsOf:)` hands a sequence its free capacity through `_copyContents` and then
/// counts what the sequence says it wrote, so appending this sets the array's count without copying
/// or zero-filling anything. It traps if the capacity is not where the bytes were written.
struct WrittenCapacity: Sequence {
    let start: UnsafeMutablePointer<UInt8>
    let count: Int

    func makeIterator() -> EmptyCollection<UInt8>.Iterator { EmptyCollection<UInt8>.Iterator() }

    var underestimatedCount: Int { 0 }

    func _copyContents(initializing buffer: UnsafeMutableBufferPointer<UInt8>) -> (EmptyCollection<UInt8>.Iterator, Int) {
        precondition(buffer.baseAddress == start && buffer.count >= count, "render capacity moved")
        return (makeIterator(), count)
    }
}
