extension Template {
    /// Renders article `index` of the batch seeded by `seed` (Docs/Templates.md#the-primitives): every group, at any depth, takes
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
            renderer, cursor in
            renderer.predrawGroups(count: groups.count, &cursor)
            _ = renderer.drawRun(0, &cursor)
        }
    }

    /// Appends the `k`-th variant (Docs/Templates.md#the-k-th-variant: mixed radix, last item fastest, alternatives laid end to
    /// end). List variables count as groups of their values; conditionals take their branch. `k` is
    /// taken modulo the count; with an overflowing count, leading digits are 0.
    public func variant(_ k: UInt64, binding: ResolvedBinding, into output: inout [UInt8]) {
        withRenderer(binding: binding, html: false, articleHash: 0, listsAreDigits: true, into: &output) { renderer, cursor in
            _ = renderer.variantRun(0, k, &cursor)
        }
    }

    /// Appends the `k`-th variant with HTML-escaped values; see ``variant(_:binding:into:)``.
    public func variant(_ k: UInt64, binding: ResolvedBinding, options: RenderOptions, into output: inout [UInt8]) {
        withRenderer(binding: binding, html: options.escapeHTML, articleHash: 0, listsAreDigits: true, into: &output) {
            renderer, cursor in
            _ = renderer.variantRun(0, k, &cursor)
        }
    }

    /// Lends `body` a ``Renderer`` and a ``RenderCursor`` into `output`'s spare capacity, then counts
    /// what it wrote as part of `output`.
    ///
    /// The bound is computed here, next to the write: the renderer gets exactly `bound` bytes (copy
    /// slack included), checked before anything is written; draw mode also gets its table of pre-drawn
    /// groups (one `UInt32` per group, aligned) past them, which no output byte reaches. The capacity
    /// is reserved once and reused, so a render with a reused `output` allocates nothing and writes no
    /// byte it does not render (Apple systems before 26, which lack `OutputSpan`, zero-fill the region
    /// first and trim it after).
    @inline(__always)
    func withRenderer(
        binding: ResolvedBinding, html: Bool, articleHash: UInt64, listsAreDigits: Bool = false,
        useTemplateCounts: Bool = false, nodes: FrozenBuffer<Node>? = nil, keyIndex: UInt64 = 0,
        keyRadices: FrozenBuffer<UInt64>? = nil, keySuffixes: FrozenBuffer<UInt64>? = nil, draw: Bool = false,
        into output: inout [UInt8], _ body: (Renderer, inout RenderCursor) -> Void
    ) {
        precondition(binding.slotCount == slots.count, "ResolvedBinding used with a different template")
        let bound = outputBound(binding: binding, html: html)
        let scratch = draw ? groups.count * MemoryLayout<UInt32>.stride + MemoryLayout<UInt32>.alignment : 0
        let renderer = makeRenderer(
            binding: binding, html: html, articleHash: articleHash, listsAreDigits: listsAreDigits,
            useTemplateCounts: useTemplateCounts, nodes: nodes, keyIndex: keyIndex, keyRadices: keyRadices,
            keySuffixes: keySuffixes)
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            output.append(addingCapacity: bound + scratch) { span in
                span.withUnsafeMutableBufferPointer { buffer, initialized in
                    precondition(initialized == 0, "render into a non-empty span")
                    initialized = Template.render(
                        renderer, into: buffer, bound: bound, drawGroups: draw ? groups.count : nil, body)
                }
            }
        } else {
            // Older Apple systems have no OutputSpan: the region is zero-filled, then trimmed.
            let base = output.count
            output.append(contentsOf: repeatElement(0, count: bound + scratch))
            let written = output.withUnsafeMutableBufferPointer { buffer in
                Template.render(
                    renderer, into: UnsafeMutableBufferPointer(rebasing: buffer[base...]), bound: bound,
                    drawGroups: draw ? groups.count : nil, body)
            }
            output.removeLast(bound + scratch - written)
        }
    }

    /// Runs `body` with a cursor over `region` (lent by the caller for this call only): the first
    /// `bound` bytes for output, then, for draw mode, the table of `drawGroups` pre-drawn groups.
    /// Checks the room before writing and the total after; returns the bytes written.
    @inline(__always)
    static func render(
        _ renderer: Renderer, into region: UnsafeMutableBufferPointer<UInt8>, bound: Int, drawGroups: Int?,
        _ body: (Renderer, inout RenderCursor) -> Void
    ) -> Int {
        precondition(region.count >= bound, "render capacity too small")
        let start = region.baseAddress.unsafelyUnwrapped
        let end = start + bound
        var targets: UnsafeMutableRawPointer? = nil
        if let drawGroups {
            targets = UnsafeMutableRawPointer(end).alignedUp(for: UInt32.self)
            precondition(
                targets.unsafelyUnwrapped + drawGroups * MemoryLayout<UInt32>.stride
                    <= UnsafeMutableRawPointer(start + region.count), "draw table outside the capacity")
        }
        var cursor = RenderCursor(out: start, end: end, drawTargets: targets)
        body(renderer, &cursor)
        let written = cursor.out - start
        // Every copy had room by construction (checked per copy in debug builds); this catches a
        // miscounted bound before the bytes count as output.
        precondition(written <= bound - Renderer.copySlack, "render bound exceeded")
        return written
    }

    /// The longest possible rendering with `binding`, plus spare bytes for word-sized copies.
    func outputBound(binding: ResolvedBinding, html: Bool) -> Int {
        maxLiteralBytes + maxVariableUses * (html ? binding.maxHTMLBytes : binding.maxRawBytes) + Renderer.copySlack
    }

    /// A renderer over this template's and `binding`'s tables (it holds no pointer, so it may be kept).
    @inline(__always)
    func makeRenderer(
        binding: ResolvedBinding, html: Bool, articleHash: UInt64, listsAreDigits: Bool = false,
        useTemplateCounts: Bool = false, nodes: FrozenBuffer<Node>? = nil, keyIndex: UInt64 = 0,
        keyRadices: FrozenBuffer<UInt64>? = nil, keySuffixes: FrozenBuffer<UInt64>? = nil
    ) -> Renderer {
        let counts = useTemplateCounts ? self.counts : (binding.counts ?? self.counts)
        return Renderer(
            nodes: nodes ?? self.nodes, templateNodes: self.nodes, literals: literals, groups: groups,
            alternatives: alternatives, drawStarts: drawStarts, permutations: permutations,
            variableGroupIDs: variableGroupIDs, slots: html ? binding.slotsHTML : binding.slotsRaw,
            lists: html ? binding.listsHTML : binding.listsRaw, values: binding.values,
            groupCount: counts.groupCount, altCumulative: counts.altCumulative, nodeSuffix: counts.nodeSuffix,
            articleHash: articleHash, keyIndex: keyIndex, keyRadices: keyRadices, keySuffixes: keySuffixes,
            listsAreDigits: listsAreDigits, drawGroups: drawGroups)
    }
}

extension Template {
    /// Upper bounds over every path: literal bytes, and variable uses (values are binding-dependent).
    /// With a binding's longest value they make ``outputBound(binding:html:)``: every group counts its
    /// longest alternative, a permutation all its elements and its longest separator between each.
    static func bounds(
        nodes: FrozenBuffer<Node>, groups: FrozenBuffer<GroupInfo>, alternatives: FrozenBuffer<AltInfo>,
        permutations: FrozenBuffer<PermutationInfo>
    ) -> (Int, Int) {
        var literalMax = [Int](repeating: 0, count: groups.count)
        var variableMax = [Int](repeating: 0, count: groups.count)
        func sequence(from start: Int, to end: Int) -> (Int, Int) {
            var literal = 0
            var variables = 0
            var pc = start
            while pc < end {
                let node = nodes[pc]
                switch node.kind {
                case .text, .textThenGroup, .textThenVariable:
                    literal += Int(node.b)
                    pc += 1
                case .variable:
                    variables += 1
                    pc += 1
                case .group, .weightedGroup, .permutation, .conditional, .conditionalNot, .keyGroup:
                    literal += literalMax[Int(node.a)]
                    variables += variableMax[Int(node.a)]
                    pc = Int(groups[Int(node.a)].next)
                default:
                    pc += 1
                }
            }
            return (literal, variables)
        }
        for g in 0..<groups.count {
            let info = groups[g]
            var literal = 0
            var variables = 0
            for a in 0..<Int(info.altCount) {
                let alt = alternatives[Int(info.altBase) + a]
                let (l, v) = sequence(from: Int(alt.start), to: Int(alt.end))
                if info.kind == .permutation {
                    literal += l
                    variables += v
                } else {
                    literal = max(literal, l)
                    variables = max(variables, v)
                }
            }
            if info.kind == .permutation {
                let p = permutations[Int(info.extra)]
                literal += Int(max(p.separatorLength, p.lastLength)) * Int(max(p.maxCount, 1) - 1)
            }
            literalMax[g] = literal
            variableMax[g] = variables
        }
        // The top-level sequence runs up to the final `.end` node.
        let end = nodes.count - 1
        return sequence(from: 0, to: end)
    }
}
