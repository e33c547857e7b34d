import Spintax

/// An article's word 5-shingles (`SimilarityText` words), each hashed to 32 bits, sorted and
/// distinct: the exact set similarity is measured on.
///
/// 32 bits are enough: an article has a few thousand shingles, so two different shingles of one
/// pair share a hash with probability ~10⁻³ per pair, moving its Jaccard by ~10⁻⁶.
struct ShingleSet: Sendable, Hashable {
    /// Words per shingle.
    static let width = 5

    /// Sorted, distinct.
    private(set) var hashes: [UInt32]

    var count: Int { hashes.count }

    /// The shingles of an HTML body, its own `maskTerms` masked.
    init(html: [UInt8], maskTerms: [String]) {
        self.init(words: SimilarityText.wordHashes(html: html, maskTerms: maskTerms))
    }

    /// The shingles of a word-hash sequence. A text shorter than one shingle is one shingle.
    init(words: [UInt64]) {
        var hashes: [UInt32] = []
        hashes.reserveCapacity(max(1, words.count - Self.width + 1))
        if words.isEmpty {
            self.hashes = []
            return
        }
        let windows = max(1, words.count - Self.width + 1)
        for start in 0..<windows {
            hashes.append(Self.hash(words[start..<min(start + Self.width, words.count)]))
        }
        hashes.sort()
        var write = 0
        for read in hashes.indices where read == 0 || hashes[read] != hashes[read - 1] {
            hashes[write] = hashes[read]
            write += 1
        }
        hashes.removeLast(hashes.count - write)
        self.hashes = hashes
    }

    static func hash(_ window: ArraySlice<UInt64>) -> UInt32 {
        var h: UInt64 = 0x5348_494E_474C_4535  // "SHINGLE5"
        for word in window { h = SpintaxHash.mix64(h ^ word) }
        return UInt32(truncatingIfNeeded: h >> 32)
    }

    /// |A ∩ B| by merging the two sorted arrays.
    func intersectionCount(_ other: ShingleSet) -> Int {
        hashes.withUnsafeBufferPointer { a in
            other.hashes.withUnsafeBufferPointer { b in
                var i = 0, j = 0, shared = 0
                while i < a.count && j < b.count {
                    let x = a[i], y = b[j]
                    if x == y {
                        shared += 1; i += 1; j += 1
                    } else if x < y {
                        i += 1
                    } else {
                        j += 1
                    }
                }
                return shared
            }
        }
    }

    /// |A ∩ B| / |A ∪ B|; 0 when both are empty.
    func jaccard(_ other: ShingleSet) -> Double {
        let shared = intersectionCount(other)
        let union = count + other.count - shared
        return union == 0 ? 0 : Double(shared) / Double(union)
    }
}
