/// A map from fnv1a64 hashes to `sources` entries (-1 when absent): open addressing with linear
/// probing, sized up front. The keys are hashes already, so no `Hasher` pass is needed, and
/// nothing is ever iterated (D2, no hidden randomness: Docs/Templates.md#determinism).
struct HashHeads {
    var keys: [UInt64] = []
    var values: [Int] = []
    var mask = 0
    var used = 0

    /// Makes room for `count` keys without growing.
    mutating func reserve(_ count: Int) {
        var capacity = 16
        while capacity < 2 * count { capacity <<= 1 }
        guard capacity > keys.count else { return }
        let old = zip(keys, values).filter { $0.1 >= 0 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Int](repeating: -1, count: capacity)
        mask = capacity - 1
        used = 0
        for (key, value) in old { self[key] = value }
    }

    @inline(__always) func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

    subscript(key: UInt64) -> Int {
        get {
            guard mask > 0 else { return -1 }
            var slot = home(key)
            while values[slot] >= 0 {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & mask
            }
            return -1
        }
        set {
            if 2 * (used + 1) > keys.count { reserve(used + 1) }
            var slot = home(key)
            while values[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & mask }
            if values[slot] < 0 { used += 1 }
            keys[slot] = key
            values[slot] = newValue
        }
    }
}
