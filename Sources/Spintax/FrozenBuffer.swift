/// An immutable heap buffer of trivial values, read through a raw pointer on the render path so that
/// the hot loop has no bounds checks, no copy-on-write checks and no nested `withUnsafe…` closures.
///
/// `@unchecked Sendable` invariant: the elements are written only in `init` and never mutated after,
/// and `Element` is a trivial (POD) `Sendable` value type.
@usableFromInline
final class FrozenBuffer<Element: Sendable>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    init(_ array: [Element]) {
        count = array.count
        // One spare element so `base` is valid even for an empty array.
        base = .allocate(capacity: array.count + 1)
        array.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.initialize(from: address, count: array.count) }
        }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inlinable subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
