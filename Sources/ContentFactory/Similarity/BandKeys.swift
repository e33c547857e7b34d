import Spintax

/// An article's LSH band keys: a one-permutation MinHash signature (one hash per shingle, each
/// shingle to one of `layout.bins` bins, the minimum kept; empty bins densified by borrowing from a
/// pseudo-randomly chosen filled bin) cut into `layout.bands` bands, each hashed with its band number
/// to a 64-bit key. Equal keys in some band make two articles candidates; candidates are then compared
/// exactly on their `ShingleSet`s, so the signature only decides who is compared, never a value.
enum BandKeys {
    /// The band keys of `shingles`; empty for an empty set.
    static func of(_ shingles: ShingleSet, layout: LSHLayout = .standard) -> [Int64] {
        guard shingles.count > 0 else { return [] }
        let bins = layout.bins
        var minima = [UInt64](repeating: .max, count: bins)
        for shingle in shingles.hashes {
            let h = SpintaxHash.mix64(UInt64(shingle) &* 0x9E37_79B9_7F4A_7C15 ^ 0x4F50_4821)  // "OPH!"
            let bin = Int(SpintaxHash.multiplyHigh(h, UInt64(bins)))
            let value = h & 0xFFFF_FFFF_FFFF
            if value < minima[bin] { minima[bin] = value }
        }
        // Optimal densification (Shrivastava 2017): an empty bin copies the first filled bin its own
        // hash sequence lands on, the same for every set, so two sets agree there as often as they
        // would in a real permutation.
        var signature = minima
        for bin in 0..<bins where minima[bin] == .max {
            var attempt: UInt64 = 0
            while true {
                let probe = Int(SpintaxHash.multiplyHigh(SpintaxHash.mix64(UInt64(bin) << 32 | attempt), UInt64(bins)))
                if minima[probe] != .max {
                    signature[bin] = minima[probe] | (attempt + 1) << 48
                    break
                }
                attempt += 1
            }
        }
        var keys: [Int64] = []
        keys.reserveCapacity(layout.bands)
        for band in 0..<layout.bands {
            var h = SpintaxHash.mix64(UInt64(band) &+ 0x4241_4E44)  // "BAND"
            for row in 0..<layout.rows { h = SpintaxHash.mix64(h ^ signature[band * layout.rows + row]) }
            keys.append(Int64(bitPattern: h))
        }
        return keys
    }
}
