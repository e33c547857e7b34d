/// A set of 128-bit output digests that detects a repeated output in a batch ("verify, don't
/// retry": Docs/Templates.md#unique-batches). 24 bytes per entry; open addressing; deterministic (no `Hasher`).
///
/// Equal outputs always collide. Distinct outputs collide only if their 128-bit digests do, which is
/// a false alarm, never a missed duplicate.
public struct DigestSet: Sendable {
    /// Two indices whose outputs have the same digest.
    public struct Collision: Sendable, Hashable, CustomStringConvertible {
        /// The earlier article.
        public var firstIndex: UInt64
        /// The later article, whose output repeats the earlier one.
        public var secondIndex: UInt64
        /// "articles A and B are identical".
        public var description: String { "articles \(firstIndex) and \(secondIndex) are identical" }
    }

    struct Entry {
        var low: UInt64
        var high: UInt64
        /// Article index + 1; 0 marks an empty slot.
        var index: UInt64
    }

    var table: [Entry]
    /// Number of distinct digests stored.
    public private(set) var count = 0

    /// Creates an empty set sized for about `expectedCount` outputs.
    public init(expectedCount: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        table = Array(repeating: Entry(low: 0, high: 0, index: 0), count: capacity)
    }

    /// Inserts the digest of `output` for article `index`.
    /// - Returns: the collision with the earlier article, or `nil` when the output is new.
    public mutating func insert(_ output: [UInt8], index: UInt64) -> Collision? {
        let (low, high) = output.withUnsafeBytes { Self.digest($0) }
        return insert(digest: (low, high), index: index)
    }

    /// Inserts a precomputed digest; see ``insert(_:index:)``.
    public mutating func insert(digest: (UInt64, UInt64), index: UInt64) -> Collision? {
        if (count + 1) * 2 > table.count { grow() }
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: digest.0) & mask
        while true {
            let entry = table[slot]
            if entry.index == 0 {
                table[slot] = Entry(low: digest.0, high: digest.1, index: index &+ 1)
                count += 1
                return nil
            }
            if entry.low == digest.0 && entry.high == digest.1 {
                return Collision(firstIndex: entry.index - 1, secondIndex: index)
            }
            slot = (slot + 1) & mask
        }
    }

    mutating func grow() {
        let old = table
        table = Array(repeating: Entry(low: 0, high: 0, index: 0), count: old.count * 2)
        count = 0
        for entry in old where entry.index != 0 { _ = insert(digest: (entry.low, entry.high), index: entry.index - 1) }
    }

    /// A fast 128-bit, non-cryptographic digest: two independent 64-bit lanes over 8-byte words.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        let n = bytes.count
        var a: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(n)
        var b: UInt64 = 0x1319_8A2E_0370_7344 &+ UInt64(n)
        var i = 0
        @inline(__always) func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
            let p = x.multipliedFullWidth(by: y)
            return p.high ^ p.low
        }
        while i + 8 <= n {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian
            a = fold(a ^ w, 0xA409_3822_299F_31D0)
            b = ((b ^ w) << 29 | (b ^ w) >> 35) &* 0x9E37_79B9_7F4A_7C15 &+ 0x082E_FA98_EC4E_6C89
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        a = fold(a ^ tail ^ 0x4528_21E6_38D0_1377, 0xBE54_66CF_34E9_0C6C)
        b = ((b ^ tail) << 29 | (b ^ tail) >> 35) &* 0x9E37_79B9_7F4A_7C15
        return (SpintaxHash.mix64(a), SpintaxHash.mix64(b &+ a))
    }
}
