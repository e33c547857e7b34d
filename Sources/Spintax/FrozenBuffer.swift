/// An immutable heap buffer of trivial values, read through a raw pointer on the render path so that
/// the hot loop has no bounds checks, no copy-on-write checks and no nested `withUnsafe…` closures.
///
/// It keeps the array it was made from rather than a copy of it, so freezing a parser's arrays
/// touches no new memory (that copy was about half of a parse's page faults).
///
/// `@unchecked Sendable` invariant: the elements are written only before `init` returns and never
/// mutated after, and `Element` is a trivial (POD) `Sendable` value type. `base` points into
/// `storage`'s buffer, which stays put: `storage` is a constant that is never mutated, and it keeps
/// the buffer alive as long as `self`.
@usableFromInline
final class FrozenBuffer<Element: Sendable>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int
    private let storage: [Element]

    /// Adopts `array`, followed by `padding` copies of `filler` that readers may touch but never use
    /// (the render loop copies short strings as whole 16-byte blocks).
    init(_ array: consuming [Element], padding: Int = 0, filler: Element? = nil) {
        var array = array
        count = array.count
        if let filler {
            array.append(contentsOf: repeatElement(filler, count: max(padding, 1)))
        } else if array.isEmpty {
            array.reserveCapacity(1)  // a buffer of its own, so `base` is a valid address
        }
        base = array.withUnsafeBufferPointer { UnsafeMutablePointer(mutating: $0.baseAddress!) }
        storage = array
    }

    @inlinable subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
