import Foundation

/// The earlier articles one batch is compared with, held only for the batch's transaction: the
/// site's fingerprints that share a band with a batch article (their sketches, and their shingles
/// once verified), and the batch's own articles as they pass. Nothing outlives the batch, so a
/// daemon's memory does not grow with the site.
struct SimilarityIndex {
    /// One earlier article.
    struct Entry {
        var jobID: UUID
        var jobSeq: Int
        var fragments: [UUID]
        var sketch: SimilaritySketch
        /// Known for the batch's own articles, and for the site's once verified.
        var shingles: ShingleSet?
    }

    /// The nearest earlier article found for a fingerprint.
    struct Nearest {
        var jaccard: Double
        /// Index into `entries`; nil when no earlier article shares a band.
        var entry: Int?
        /// Whether `jaccard` is exact (false: a sketch estimate, below the verify margin).
        var exact: Bool
    }

    private(set) var entries: [Entry] = []
    private var positions: [JobPosition: Int] = [:]
    /// The site's candidates of each batch article (by position), then of each redraw.
    private var siteCandidates: [Int: [Int]] = [:]
    /// Band key → the batch's own articles that passed.
    private var localBands: [Int32: [Int]] = [:]

    struct JobPosition: Hashable {
        var jobID: UUID
        var jobSeq: Int
    }

    /// Adds a site fingerprint as a candidate of batch position `position`.
    mutating func addSiteCandidate(_ entry: Entry, of position: Int) {
        let key = JobPosition(jobID: entry.jobID, jobSeq: entry.jobSeq)
        let index: Int
        if let known = positions[key] {
            index = known
        } else {
            index = entries.count
            entries.append(entry)
            positions[key] = index
        }
        siteCandidates[position, default: []].append(index)
    }

    /// Forgets the site candidates of `position` (before a redraw's own are added).
    mutating func clearSiteCandidates(of position: Int) {
        siteCandidates[position] = nil
    }

    /// Adds a batch article that passed.
    mutating func addLocal(_ entry: Entry, bands: [Int32]) {
        let index = entries.count
        entries.append(entry)
        positions[JobPosition(jobID: entry.jobID, jobSeq: entry.jobSeq)] = index
        for band in bands { localBands[band, default: []].append(index) }
    }

    /// Below this many shingles a sketch is mostly densified copies, so every candidate is checked exactly.
    static let smallSet = 2 * SimilaritySketch.bins

    /// Whether the pair needs its exact Jaccard: estimated at `floor` or more, or a short article.
    static func needsExact(_ fingerprint: ArticleFingerprint, _ entry: Entry, floor: Double) -> Bool {
        fingerprint.shingles.count < smallSet || fingerprint.sketch.estimate(entry.sketch) >= floor
    }

    /// Site candidates of `position` that need their exact Jaccard and whose shingles are unknown.
    func needingVerification(_ fingerprint: ArticleFingerprint, position: Int, floor: Double) -> [JobPosition] {
        (siteCandidates[position] ?? []).compactMap { index in
            let entry = entries[index]
            guard entry.shingles == nil, Self.needsExact(fingerprint, entry, floor: floor) else { return nil }
            return JobPosition(jobID: entry.jobID, jobSeq: entry.jobSeq)
        }
    }

    mutating func setShingles(_ shingles: ShingleSet, for key: JobPosition) {
        if let index = positions[key] { entries[index].shingles = shingles }
    }

    /// The highest Jaccard between `fingerprint` (batch position `position`) and its candidates:
    /// exact where `needsExact` (the shingles are then known: the batch's own, or verified), else the
    /// sketch estimate, the same rule whether the candidate came from the database or from this
    /// batch, so the batch size cannot change a value. Ties go to the lowest
    /// (job id, job_seq), so the answer does not depend on which entries came from the database and
    /// which from the batch (that changes with the batch size).
    func nearest(to fingerprint: ArticleFingerprint, position: Int, floor: Double) -> Nearest {
        var seen = Set<Int>()
        var best = Nearest(jaccard: 0, entry: nil, exact: true)
        func consider(_ index: Int) {
            guard seen.insert(index).inserted else { return }
            let entry = entries[index]
            let value: Double, exact: Bool
            if Self.needsExact(fingerprint, entry, floor: floor), let shingles = entry.shingles {
                value = fingerprint.shingles.jaccard(shingles)
                exact = true
            } else {
                value = fingerprint.sketch.estimate(entry.sketch)
                exact = false
            }
            if value > best.jaccard || (value == best.jaccard && best.entry.map { precedes(index, $0) } == true) {
                best = Nearest(jaccard: value, entry: index, exact: exact)
            }
        }
        for index in siteCandidates[position] ?? [] { consider(index) }
        for band in fingerprint.bands {
            for index in localBands[band] ?? [] { consider(index) }
        }
        return best
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let x = entries[a], y = entries[b]
        return x.jobID == y.jobID ? x.jobSeq < y.jobSeq : x.jobID.uuidString < y.jobID.uuidString
    }
}
