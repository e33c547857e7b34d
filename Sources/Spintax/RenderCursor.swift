/// Where a render writes: a position and an end inside memory lent by the closure that made the
/// cursor (`Template.withRenderer`, `VariantEnumerator.render`), which the cursor never outlives.
///
/// `end` is the start plus the render bound (``Template/outputBound(binding:html:)``, copy slack
/// included), so every copy has room by construction. Each hot copy checks it in debug builds
/// (`assert`); the slow paths (permutation separators, variant mode, the enumerator) check it in
/// release builds too (`precondition`), and the closure checks the total before the bytes count.
struct RenderCursor {
    /// The next output byte.
    var out: UnsafeMutablePointer<UInt8>
    /// One past the last byte any copy may touch, its 16-byte-block overshoot included.
    let end: UnsafeMutablePointer<UInt8>
    /// Draw mode: per group, where its drawn alternative continues, as aligned `UInt32`s in lent
    /// scratch memory past `end` (never output); `nil` in the other modes.
    let drawTargets: UnsafeMutableRawPointer?

    /// Copies `count` bytes of `source` from `offset`, checking the room first in every build.
    @inline(__always)
    mutating func write(_ source: FrozenBuffer<UInt8>, at offset: UInt32, count: UInt32) {
        precondition(end - out >= max(Int(count), Renderer.copySlack), "render bound exceeded")
        RenderCursor.copy(source, at: offset, count: count, to: &out, end: end)
    }

    /// Copies `count` bytes to `out` and advances it. Up to 32 bytes go as two unaligned 16-byte
    /// blocks, which beats a `memcpy` call for the many short strings of a template: those read up to
    /// 32 bytes of `source` (padded) and write up to 32 at `out` (the bound's slack).
    @inline(__always)
    static func copy(
        _ source: FrozenBuffer<UInt8>, at offset: UInt32, count: UInt32, to out: inout UnsafeMutablePointer<UInt8>,
        end: UnsafeMutablePointer<UInt8>
    ) {
        let offset = Int(offset)
        let count = Int(count)
        assert(end - out >= max(count, Renderer.copySlack), "render bound exceeded")
        source.withUnsafeBufferPointer { bytes in
            assert(offset + max(count, Renderer.copySlack) <= bytes.count, "copy past a padded source")
            let from = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + offset)
            let to = UnsafeMutableRawPointer(out)
            if count <= 32 {
                to.storeBytes(of: from.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
                if count > 16 {
                    to.storeBytes(
                        of: from.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self), toByteOffset: 16,
                        as: SIMD16<UInt8>.self)
                }
            } else {
                to.copyMemory(from: from, byteCount: count)
            }
        }
        out += count
    }

    /// Where group `g`'s drawn alternative continues (draw mode, after `Renderer.predrawGroups`).
    @inline(__always)
    func drawTarget(_ g: Int) -> Int {
        Int(drawTargets.unsafelyUnwrapped.load(fromByteOffset: g &* MemoryLayout<UInt32>.stride, as: UInt32.self))
    }

    /// Records where group `g`'s drawn alternative continues.
    @inline(__always)
    func setDrawTarget(_ g: Int, _ node: UInt32) {
        drawTargets.unsafelyUnwrapped.storeBytes(of: node, toByteOffset: g &* MemoryLayout<UInt32>.stride, as: UInt32.self)
    }
}
