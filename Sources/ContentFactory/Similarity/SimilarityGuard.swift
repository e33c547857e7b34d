import Foundation
import PostgresClient
import Spintax

/// The near-duplicate guard at commit: inside the batch's transaction, under a per-site advisory
/// lock, compares each article of the batch with every earlier article of its site (earlier jobs,
/// earlier batches, earlier articles of this batch) and redraws, warns or fails per `settings`;
/// then writes the batch's fingerprints. Decisions are made in article order, one at a time, so
/// they depend only on the database and the job, never on threads or timing.
struct SimilarityGuard {
    /// What the guard decided for one article.
    struct Record {
        /// The highest Jaccard with an earlier article of the site (0 when none was a candidate).
        var nearest: Double
        var partner: (jobID: UUID, jobSeq: Int)?
        var redrawn: Int
    }

    /// The batch's decisions, one record per article in order.
    struct Outcome {
        var records: [Record]
        var summary: BatchSimilarity
    }

    let settings: SimilaritySettings
    let siteID: UUID

    /// The advisory lock key of a site: a namespace word mixed with its id, so it does not collide
    /// with the schema migrator's key or another feature's.
    static func lockKey(site: UUID) -> Int64 {
        let id = site.uuid
        let high = [id.0, id.1, id.2, id.3, id.4, id.5, id.6, id.7].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = [id.8, id.9, id.10, id.11, id.12, id.13, id.14, id.15].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(bitPattern: SpintaxHash.mix64(high ^ SpintaxHash.mix64(low ^ 0x5349_4D49_4C41_5231)))  // "SIMILAR1"
    }

    /// Site candidates whose sketch estimate is at least this far below the threshold are compared
    /// exactly (3.5 standard errors of a 128-value sketch at 0.5).
    static let verifyMargin = 0.15

    /// Checks `articles` (each with a fingerprint) and replaces redrawn ones in place.
    ///
    /// - Parameters:
    ///   - jobs: each article's job (several small jobs of a site may commit in one transaction).
    ///   - redraw: the alternate `k` (k ≥ 1) of the article at a position, with its fingerprint.
    /// - Throws: `GenerationError` (`E_SIMILAR`) with `on_similar: fail`; `PostgresError`.
    func check(_ articles: inout [RenderedArticle], jobs: [UUID], redraw: (Int, Int) throws -> RenderedArticle,
               on connection: isolated PostgresConnection) async throws -> Outcome {
        try await connection.execute(SimilarityQueries.lockSite, [Self.lockKey(site: siteID)])
        var index = SimilarityIndex()
        let floor = settings.maxSimilarity - Self.verifyMargin
        let batch = articles.indices.compactMap { position in articles[position].fingerprint.map { (position, $0) } }
        _ = try await fetchCandidates(batch, into: &index, on: connection)
        try await verify(batch, in: &index, floor: floor, on: connection)

        var records: [Record] = []
        records.reserveCapacity(articles.count)
        for position in articles.indices {
            var article = articles[position]
            guard var fingerprint = article.fingerprint else {
                records.append(Record(nearest: 0, partner: nil, redrawn: 0))
                continue
            }
            var nearest = index.nearest(to: fingerprint, position: position, floor: floor)
            var redrawn = 0
            if nearest.jaccard > settings.maxSimilarity {
                switch settings.onSimilar {
                case .fail:
                    throw try await similarError(article, nearest, index: index, articles: articles, jobs: jobs, on: connection)
                case .warn:
                    break
                case .redraw:
                    // Alternates until one passes; if none does, the best of them (the first on ties).
                    var best = (article: article, fingerprint: fingerprint, nearest: nearest)
                    for alternate in 1...SimilaritySettings.redrawLimit {
                        let candidate = try redraw(position, alternate)
                        guard let candidatePrint = candidate.fingerprint else { break }
                        index.clearSiteCandidates(of: position)
                        _ = try await fetchCandidates([(position, candidatePrint)], into: &index, on: connection)
                        try await verify([(position, candidatePrint)], in: &index, floor: floor, on: connection)
                        let found = index.nearest(to: candidatePrint, position: position, floor: floor)
                        redrawn = alternate
                        if found.jaccard < best.nearest.jaccard { best = (candidate, candidatePrint, found) }
                        if found.jaccard <= settings.maxSimilarity { break }
                    }
                    (article, fingerprint, nearest) = best
                    articles[position] = article
                }
            }
            let partner = nearest.entry.map { (index.entries[$0].jobID, index.entries[$0].jobSeq) }
            records.append(Record(nearest: nearest.jaccard, partner: partner, redrawn: redrawn))
            index.addLocal(SimilarityIndex.Entry(jobID: jobs[position], jobSeq: article.sequence, fragments: article.fragments.map(\.id),
                                                 sketch: fingerprint.sketch, shingles: fingerprint.shingles), bands: fingerprint.bands)
        }
        return Outcome(records: records, summary: Self.summary(of: records[...]))
    }

    /// What `batch.committed` reports of some of a batch's decisions (one job's, in a shared transaction).
    static func summary(of records: ArraySlice<Record>) -> BatchSimilarity {
        let nearestValues = records.map(\.nearest)
        return BatchSimilarity(
            max: nearestValues.max() ?? 0,
            meanNearest: nearestValues.isEmpty ? 0 : nearestValues.reduce(0, +) / Double(nearestValues.count),
            redrawn: records.reduce(0) { $0 + $1.redrawn })
    }

    /// Adds the site's fingerprints sharing a band with each (position, fingerprint) to `index`, in a
    /// stable order. Returns the rows fetched.
    private func fetchCandidates(_ batch: [(Int, ArticleFingerprint)], into index: inout SimilarityIndex,
                                 on connection: isolated PostgresConnection) async throws -> Int {
        var owners: [Int32: [Int]] = [:]
        for (position, fingerprint) in batch {
            for band in fingerprint.bands where owners[band]?.last != position { owners[band, default: []].append(position) }
        }
        guard !owners.isEmpty else { return 0 }
        let rows = try await connection.query(SimilarityQueries.candidates, [siteID, FingerprintText.intArray(owners.keys.sorted())])
        var found: [(position: Int, entry: SimilarityIndex.Entry)] = []
        var seen = Set<String>()
        for row in rows {
            let band = Int32(try row.decode(Int.self, at: 0))
            let jobID = try row.decode(UUID.self, at: 1), jobSeq = try row.decode(Int.self, at: 2)
            var entry: SimilarityIndex.Entry?
            for position in owners[band] ?? [] where seen.insert("\(position) \(jobID) \(jobSeq)").inserted {
                if entry == nil {
                    entry = SimilarityIndex.Entry(
                        jobID: jobID, jobSeq: jobSeq, fragments: FingerprintText.parseUUIDArray(try row.decode(String.self, at: 4)),
                        sketch: SimilaritySketch(bytes: FingerprintText.parseBytea(try row.decode(String.self, at: 3)) ?? []), shingles: nil)
                }
                found.append((position, entry!))
            }
        }
        found.sort { ($0.position, $0.entry.jobID.uuidString, $0.entry.jobSeq) < ($1.position, $1.entry.jobID.uuidString, $1.entry.jobSeq) }
        for (position, entry) in found { index.addSiteCandidate(entry, of: position) }
        return found.count
    }

    /// Recomputes, from their stored content, the shingles of every site candidate estimated at
    /// `floor` or more: decisions and reported values near the threshold are exact.
    private func verify(_ batch: [(Int, ArticleFingerprint)], in index: inout SimilarityIndex, floor: Double,
                        on connection: isolated PostgresConnection) async throws {
        var wanted: [SimilarityIndex.JobPosition] = []
        var seen = Set<SimilarityIndex.JobPosition>()
        for (position, fingerprint) in batch {
            for key in index.needingVerification(fingerprint, position: position, floor: floor) where seen.insert(key).inserted {
                wanted.append(key)
            }
        }
        guard !wanted.isEmpty else { return }
        let rows = try await connection.query(SimilarityQueries.verify, [
            FingerprintText.uuidArray(wanted.map(\.jobID)), FingerprintText.intArray(wanted.map(\.jobSeq)),
        ])
        for row in rows {
            let terms = try row.decode(String.self, at: 3).split(separator: "\n").map(String.init)
            let shingles = ShingleSet(html: Array(try row.decode(String.self, at: 2).utf8), maskTerms: terms)
            index.setShingles(shingles, for: SimilarityIndex.JobPosition(jobID: try row.decode(UUID.self, at: 0),
                                                                         jobSeq: try row.decode(Int.self, at: 1)))
        }
    }

    /// `E_SIMILAR`, naming both articles and the fragments they share.
    private func similarError(_ article: RenderedArticle, _ nearest: SimilarityIndex.Nearest, index: SimilarityIndex,
                              articles: [RenderedArticle], jobs: [UUID], on connection: isolated PostgresConnection) async throws -> GenerationError {
        let other = index.entries[nearest.entry!]
        let title: String
        if let local = articles.indices.first(where: { jobs[$0] == other.jobID && articles[$0].sequence == other.jobSeq }) {
            title = articles[local].title
        } else {
            title = try await connection.query(SimilarityQueries.articleTitle, [other.jobID, other.jobSeq]).first?
                .decode(String?.self, at: 0) ?? "?"
        }
        let shared = article.fragments.filter { other.fragments.contains($0.id) }
        let fragments = shared.isEmpty ? "none" : shared.map { "\($0.type) \($0.id.uuidString.lowercased())" }.joined(separator: ", ")
        let value = String(format: "%.3f", nearest.jaccard)
        let message = "article job_seq \(article.sequence) (\"\(article.title)\") has Jaccard \(value) with article "
            + "job \(other.jobID.uuidString.lowercased()) job_seq \(other.jobSeq) (\"\(title)\"), over max_similarity "
            + "\(settings.maxSimilarity); fragments they share: \(fragments)"
        return GenerationError(.similar, message, diagnostics: shared.map {
            GenerationDiagnostic(code: "E_SIMILAR", message: "shared by both articles", templateKind: $0.type, templateID: $0.id)
        })
    }

    /// Writes the batch's fingerprints and their band keys (after its articles, whose ids the
    /// trigger looks up).
    func writeFingerprints(_ articles: [RenderedArticle], jobs: [UUID], records: [Record],
                           on connection: isolated PostgresConnection) async throws {
        let site = siteID.uuidString.lowercased()
        let rows = articles.indices.filter { articles[$0].fingerprint != nil }
        guard !rows.isEmpty else { return }
        let ids = try await connection.query(SimilarityQueries.fingerprintIDs, [rows.count]).map { try $0.decode(Int64.self, at: 0) }
        try await connection.copyFromStdin(SimilarityQueries.copyFingerprints, rows: Array(zip(rows, ids))) { pair, row in
            let (position, id) = pair
            let article = articles[position], record = records[position]
            let fingerprint = article.fingerprint!
            row.append(String(id))
            row.append(site)
            row.append(jobs[position].uuidString.lowercased())
            row.append(String(article.sequence))
            row.append(FingerprintText.bytea(fingerprint.sketch.bytes))
            row.append(article.maskTerms.joined(separator: "\n"))
            row.append(FingerprintText.uuidArray(article.fragments.map(\.id)))
            row.append(String(record.nearest))
            row.append(record.partner.map { $0.jobID.uuidString.lowercased() })
            row.append(record.partner.map { String($0.jobSeq) })
            row.append(String(record.redrawn))
        }
        var bandRows: [(Int32, Int64)] = []
        bandRows.reserveCapacity(rows.count * LSHLayout.standard.bands)
        for (position, id) in zip(rows, ids) {
            for band in Set(articles[position].fingerprint!.bands) { bandRows.append((band, id)) }
        }
        try await connection.copyFromStdin(SimilarityQueries.copyBands, rows: bandRows) { pair, row in
            row.append(String(pair.0))
            row.append(String(pair.1))
        }
    }
}
