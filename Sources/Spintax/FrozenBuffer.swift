/// An immutable heap buffer of trivial values, read through a raw pointer on the render path so that
/// the hot loop has no bounds checks, no copy-on-write checks and no nested `withUnsafe…` closures.
///
/// `@unchecked Sendable` invariant: the elements are written only in `init` and never mutated after,
/// and `Element` is a trivial (POD) `Sendable` value type.
@usableFromInline
final class FrozenBuffer<Element: Sendable>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    /// Copies `array`, followed by `padding` copies of `filler` that readers may touch but never use
    /// (the render loop copies short strings as two 8-byte words).
    init(_ array: [Element], padding: Int = 0, filler: Element? = nil) {
        count = array.count
        // At least one spare element so `base` is valid even for an empty array.
        let spare = filler == nil ? 1 : max(padding, 1)
        base = .allocate(capacity: array.count + spare)
        array.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.initialize(from: address, count: array.count) }
        }
        if let filler { (base + array.count).initialize(repeating: filler, count: spare) }
    }

    deinit {
        base.deallocate()
    }

    @inlinable subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
