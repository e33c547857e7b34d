/// An immutable run of trivial values in memory it owns: one `ManagedBuffer` allocation (header and
/// elements together), written once while it is made and only read afterwards.
///
/// This is the one place where Spintax's render tables live. Readers get an element by index, or the
/// elements' address for the duration of a closure (``withUnsafeBufferPointer(_:)``); no pointer to
/// the elements is ever kept outside such a closure. Elements are `BitwiseCopyable`, so the memory
/// is freed without deinitializing anything.
///
/// `@unchecked Sendable` invariant (`ManagedBuffer` is never `Sendable` itself): the header and
/// elements are written only inside `init`, before the storage is shared, and never mutated after;
/// `Element` is a `BitwiseCopyable` `Sendable` value.
@usableFromInline
struct FrozenBuffer<Element: BitwiseCopyable & Sendable>: @unchecked Sendable {
    @usableFromInline let storage: FrozenStorage<Element>

    /// Copies `array`, followed by `padding` copies of `filler` that readers may touch but never use
    /// (the render loop copies short strings as whole 16-byte blocks).
    init(_ array: [Element], padding: Int = 0, filler: Element? = nil) {
        let padded = filler == nil ? array.count : array.count + max(padding, 1)
        let made = FrozenStorage<Element>.create(minimumCapacity: max(padded, 1)) { _ in
            FrozenHeader(count: array.count, padded: padded)
        }
        storage = unsafeDowncast(made, to: FrozenStorage<Element>.self)
        storage.withUnsafeMutablePointerToElements { elements in
            array.withUnsafeBufferPointer { source in
                if let from = source.baseAddress { elements.initialize(from: from, count: source.count) }
            }
            if let filler { (elements + array.count).initialize(repeating: filler, count: padded - array.count) }
        }
    }

    /// The number of elements, padding excluded.
    @inlinable var count: Int {
        @inline(__always) get { storage.header.count }
    }

    /// The number of readable elements: `count` plus the padding.
    @inlinable var paddedCount: Int {
        @inline(__always) get { storage.header.padded }
    }

    /// Element `index`; in bounds is the caller's invariant, checked in debug builds (the render
    /// loop's indices all come from the tables this template built).
    @inlinable subscript(index: Int) -> Element {
        @inline(__always) get {
            assert(index >= 0 && index < count, "FrozenBuffer index out of range")
            return storage.withUnsafeMutablePointerToElements { $0[index] }
        }
    }

    /// Lends the elements, padding included, for the duration of `body`; the pointer must not
    /// escape it.
    @inlinable @inline(__always)
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeMutablePointerToElements { elements in
            try body(UnsafeBufferPointer(start: elements, count: paddedCount))
        }
    }

    /// The elements (padding excluded) as a new array.
    var array: [Element] {
        withUnsafeBufferPointer { Array($0.prefix(count)) }
    }
}

/// The element counts of a ``FrozenStorage``.
@usableFromInline
struct FrozenHeader: Sendable {
    /// Elements the buffer was made from.
    @usableFromInline let count: Int
    /// `count` plus the padding.
    @usableFromInline let padded: Int
}

/// The allocation behind a ``FrozenBuffer``: header and elements in one block, freed with it.
@usableFromInline
final class FrozenStorage<Element: BitwiseCopyable & Sendable>: ManagedBuffer<FrozenHeader, Element> {}
