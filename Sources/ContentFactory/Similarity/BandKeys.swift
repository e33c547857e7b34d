import Foundation
import Spintax

/// An article's LSH band keys: a one-permutation MinHash signature cut into `layout.bands` bands,
/// each hashed with its band number to a 32-bit key. Each shingle lands in three bins (three hashes,
/// so a 900-shingle article leaves ~5% of 880 bins empty instead of ~37%); a bin keeps its minimum
/// value, and an empty bin borrows from a pseudo-randomly chosen filled one. Two sets agree on a bin
/// with probability J either way. Equal keys in some band make two articles candidates; the guard
/// then compares them on their sketches and shingles, so the bands only decide who is compared.
///
/// 32-bit keys: a site of 100,000 articles holds 11 M keys, so an article meets a stray equal key
/// about 0.3 times, which only costs one more candidate.
enum BandKeys {
    /// The salt XORed into every band key a site stores and probes (`article_fingerprints.bands`): the
    /// XOR of the site id's four big-endian 32-bit words (migration 11 computes the same in SQL). One
    /// XOR per site is a bijection, so two articles of a site share a stored key exactly when they
    /// share a band key; equal keys of two sites mostly differ, so a site's probe does not gather
    /// other sites' near-duplicates (a campaign copied to several sites) only to filter them out.
    static func siteSalt(_ site: UUID) -> Int32 {
        let id = site.uuid
        let words = [(id.0, id.1, id.2, id.3), (id.4, id.5, id.6, id.7), (id.8, id.9, id.10, id.11), (id.12, id.13, id.14, id.15)]
        let salt = words.reduce(UInt32(0)) { salt, word in
            salt ^ (UInt32(word.0) << 24 | UInt32(word.1) << 16 | UInt32(word.2) << 8 | UInt32(word.3))
        }
        return Int32(bitPattern: salt)
    }

    /// Bins each shingle lands in.
    static let assignments: UInt64 = 3

    /// The band keys of `shingles`; empty for an empty set.
    static func of(_ shingles: ShingleSet, layout: LSHLayout = .standard) -> [Int32] {
        guard shingles.count > 0 else { return [] }
        let bins = layout.bins
        var minima = [UInt64](repeating: .max, count: bins)
        minima.withUnsafeMutableBufferPointer { minima in
            for shingle in shingles.hashes {
                for assignment in 0..<assignments {
                    let h = SpintaxHash.mix64(UInt64(shingle) &* 0x9E37_79B9_7F4A_7C15 ^ (assignment &* 0xD6E8_FEB8_6659_FD93) ^ 0x4F50_4821)
                    let bin = Int(SpintaxHash.multiplyHigh(h, UInt64(bins)))
                    let value = h & 0xFFFF_FFFF_FFFF
                    if value < minima[bin] { minima[bin] = value }
                }
            }
        }
        // Optimal densification (Shrivastava 2017): an empty bin copies the first filled bin its own
        // probe sequence lands on, the same sequence for every set.
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
        var keys: [Int32] = []
        keys.reserveCapacity(layout.bands)
        for band in 0..<layout.bands {
            var h = SpintaxHash.mix64(UInt64(band) &+ 0x4241_4E44)  // "BAND"
            for row in 0..<layout.rows { h = SpintaxHash.mix64(h ^ signature[band * layout.rows + row]) }
            keys.append(Int32(truncatingIfNeeded: h >> 32))
        }
        return keys
    }
}
