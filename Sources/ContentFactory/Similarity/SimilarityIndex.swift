import Foundation

/// The candidates one batch is compared with, held only for the batch's transaction: the site's
/// fingerprints that share a band key with the batch (fetched once), and the batch's own articles
/// as they pass. Nothing outlives the batch, so a daemon's memory does not grow with the site.
struct SimilarityIndex {
    /// One earlier article.
    struct Entry {
        var shingles: ShingleSet
        var jobID: UUID
        var jobSeq: Int
        var fragments: [UUID]
    }

    /// The nearest earlier article found for a fingerprint.
    struct Nearest {
        var jaccard: Double
        /// Index into `entries`; nil when no earlier article shares a band.
        var entry: Int?
    }

    private(set) var entries: [Entry] = []
    private var byBand: [Int64: [Int32]] = [:]
    /// Band keys the site was already asked about (its rows for them are in `entries`).
    private(set) var fetchedBands: Set<Int64> = []

    mutating func add(_ entry: Entry, bands: [Int64]) {
        let position = Int32(entries.count)
        entries.append(entry)
        for band in bands { byBand[band, default: []].append(position) }
    }

    mutating func markFetched(_ bands: some Sequence<Int64>) {
        fetchedBands.formUnion(bands)
    }

    /// Band keys of `fingerprint` the site has not been asked about yet.
    func unfetched(_ fingerprint: ArticleFingerprint) -> [Int64] {
        fingerprint.bands.filter { !fetchedBands.contains($0) }
    }

    /// The highest exact Jaccard between `fingerprint` and any entry sharing one of its bands; ties go
    /// to the lowest (job id, job_seq), so the answer does not depend on which entries came from the
    /// database and which from the batch (that changes with the batch size).
    func nearest(to fingerprint: ArticleFingerprint) -> Nearest {
        var seen = Set<Int32>()
        var best = Nearest(jaccard: 0, entry: nil)
        for band in fingerprint.bands {
            guard let positions = byBand[band] else { continue }
            for position in positions where seen.insert(position).inserted {
                let jaccard = fingerprint.shingles.jaccard(entries[Int(position)].shingles)
                if jaccard > best.jaccard || (jaccard == best.jaccard && best.entry.map { precedes(Int(position), $0) } == true) {
                    best = Nearest(jaccard: jaccard, entry: Int(position))
                }
            }
        }
        return best
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let x = entries[a], y = entries[b]
        return x.jobID == y.jobID ? x.jobSeq < y.jobSeq : x.jobID.uuidString < y.jobID.uuidString
    }
}
