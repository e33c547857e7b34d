/// The hash and choice primitives of the determinism contract (Docs/Templates.md#the-primitives).
///
/// Every function is a pure function of its arguments with all arithmetic modulo 2^64, so results are
/// identical on every platform, Swift version and process (D1, D2 of Docs/Templates.md#determinism).
public enum SpintaxHash {
    /// SplitMix64's finalizer: a bijective 64-bit mixer.
    @inlinable @inline(__always)
    public static func mix64(_ z: UInt64) -> UInt64 {
        var z = z
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64-bit FNV-1a over `bytes`.
    @inlinable
    public static func fnv1a64<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The group id (D5, Docs/Templates.md#determinism): `mix64(fnv1a64(source) + occurrence)`, where `source` is the group's exact
    /// bytes from `{` to its `}` and `occurrence` counts byte-identical groups closed earlier.
    @inlinable
    public static func groupID(source: some Collection<UInt8>, occurrence: UInt64) -> UInt64 {
        mix64(fnv1a64(source) &+ occurrence)
    }

    /// The high word of the 128-bit product `a * b`: maps a uniform `a` onto `0..<b` (bias < b / 2^64).
    @inlinable @inline(__always)
    public static func multiplyHigh(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a.multipliedFullWidth(by: b).high
    }

    /// The per-article hash `h = mix64(mix64(seed) ^ article)` of the counter-based choice; compute it once per article.
    @inlinable @inline(__always)
    public static func articleHash(seed: UInt64, article: UInt64) -> UInt64 {
        mix64(mix64(seed) ^ article)
    }

    /// The counter-based choice (Docs/Templates.md#the-primitives): which of `n` alternatives group `groupID` takes in `article`.
    /// - Returns: a value in `0..<n` (0 when `n` is 0).
    @inlinable
    public static func draw(seed: UInt64, article: UInt64, groupID: UInt64, count n: UInt64) -> UInt64 {
        multiplyHigh(mix64(articleHash(seed: seed, article: article) ^ groupID), n)
    }

    /// A keyed bijection on `0..<K` (Docs/Templates.md#unique-batches): a 4-round balanced Feistel network with cycle walking.
    ///
    /// Invariant the caller keeps: `i < K` and `K <= 2^62`. `K <= 1` always gives 0.
    @inlinable
    public static func feistelPermute(_ i: UInt64, domain K: UInt64, seed: UInt64) -> UInt64 {
        if K <= 1 { return 0 }
        var bits = max(2, UInt64.bitWidth - (K - 1).leadingZeroBitCount)
        if bits & 1 == 1 { bits += 1 }
        let half = UInt64(bits / 2)
        let mask: UInt64 = (1 << half) &- 1
        var x = i
        while true {
            var left = x >> half
            var right = x & mask
            for round in 0..<4 as Range<UInt64> {
                let f = mix64(seed ^ (round &* 0x9E37_79B9_7F4A_7C15) ^ right) & mask
                (left, right) = (right, left ^ f)
            }
            x = (left << half) | right
            if x < K { return x }
        }
    }
}
