import Foundation
import PostgresClient

/// Commits one rendered batch in its own transaction: final slugs (unique per site, `-2`, `-3`, … on
/// collision), `schema_json` with the final URL, the article rows with `job_id`/`job_seq`, and the
/// titles in `headline_inventory` (Docs/Jobs.md#what-a-job-writes), with the caller's statements.
///
/// Round trips: BEGIN, the caller's leading statement and the first slug probe in one pipeline; the
/// rows, the caller's trailing statements and COMMIT in a second. A small batch's articles go as one
/// INSERT (in the pipeline); a large one's by COPY (its own round trips, cheaper per row).
/// Extra round trips only for slug windows that fill up, inventory headlines and related lists.
struct ArticleBatchWriter {
    let prepared: PreparedCampaignJob
    /// `filters.links.related`, when on: lists appended once slugs are final.
    var related: RelatedArticles? = nil
    /// What follows an article's body (`FinishedCampaignJob.finish`), for alternates drawn at commit.
    var finish: (@Sendable (inout RenderedArticle) -> Void)? = nil
    /// Internal links per `link_targets` row in the final articles (`FinishedCampaignJob`), for the
    /// batch's summary; nil when the job does not link.
    var linkCounts: (@Sendable ([RenderedArticle]) -> [UUID: Int])? = nil

    /// Up to this many articles, rows go by INSERT inside the closing pipeline; above, by COPY.
    static let insertLimit = 64

    private static func takenSlugs(_ slugs: [String], site: UUID) -> PostgresStatement {
        PostgresStatement(GenerationQueries.takenSlugs, [site, CampaignLoader.jsonArray(slugs)], prepared: StatementPreparation.enabled)
    }

    private static func slugs(in rows: PostgresRows) throws -> [String] {
        try rows.map { try $0.decode(String.self, at: 0) }
    }

    /// A later probe, in a round trip of its own.
    private static func taken(_ slugs: [String], site: UUID, on connection: isolated PostgresConnection) async throws -> [String] {
        try Self.slugs(in: try await connection.pipeline([takenSlugs(slugs, site: site)])[0])
    }

    /// Commits one job's batch with the caller's statements.
    func commit(_ batch: RenderedBatch, with statements: BatchStatements, on connection: PostgresConnection) async throws -> BatchCommit {
        let share = Share(writer: self, batch: batch, leading: statements.leading)
        switch try await Self.commit([share], trailing: { try statements.trailing($0[0]) }, ordering: statements.ordering,
                                     on: connection) {
        case .refused: return .refused
        case .committed(let summaries, let leading): return .committed(summaries[0], fence: leading[0])
        }
    }

    /// One job's part of a transaction: its writer, its rendered batch and its leading statement.
    struct Share {
        let writer: ArticleBatchWriter
        let batch: RenderedBatch
        let leading: PostgresStatement?
    }

    /// Commits the batches of one or more jobs of the same site and filters (so the same publish
    /// status, headline source and guard settings) in one transaction: one slug allocation, one guard
    /// check and one write for all their articles, each row with its own job id. Several jobs'
    /// single batches go together when many small jobs are claimed at once (`JobRunner+Group.swift`).
    ///
    /// - Parameters:
    ///   - trailing: the closing statements, given each share's summary in order.
    ///   - ordering: when the previous batch is being written beside this one (`BatchOrdering`).
    /// - Returns: `.refused` when any share's leading statement returned no row (nothing written).
    static func commit(_ shares: [Share], trailing: @escaping @Sendable ([BatchWriteSummary]) throws -> [PostgresStatement],
                       ordering: BatchOrdering? = nil,
                       on connection: PostgresConnection) async throws -> GroupCommit {
        precondition(!shares.isEmpty, "a transaction commits at least one batch")
        precondition(ordering == nil || shares.count == 1, "only a single batch is written beside another")
        for share in shares { try share.writer.prepared.verifyDistinct(share.batch) }
        let lead = shares[0].writer
        let site = lead.prepared.data.site.id
        let inventory = lead.prepared.spec.headlineSource == .inventory
        let planned = shares.flatMap(\.batch.articles)
        // Each share's positions in the transaction's articles, and each position's share.
        let ends = shares.reduce(into: [0]) { $0.append($0.last! + $1.batch.articles.count) }
        let ranges = zip(ends, ends.dropFirst()).map { $0..<$1 }
        let owners = ranges.indices.flatMap { repeatElement($0, count: ranges[$0].count) }
        let jobIDs = owners.map { shares[$0].writer.prepared.job.id }
        // With spintax titles the slug bases are known now, so the first probe rides with BEGIN.
        var allocated = inventory ? nil : SlugAllocator(site: site, hints: lead.prepared.slugHints, slugBases: planned.map(\.slugBase))
        let firstProbe = allocated?.firstProbe() ?? []
        let probed = allocated
        let leading = shares.compactMap(\.leading)
        var opening = leading
        if !firstProbe.isEmpty { opening.append(Self.takenSlugs(firstProbe, site: site)) }
        return try await connection.withPipelinedTransaction(opening: opening) { connection, rows in
            var leadingRows: [PostgresRow?] = []
            var statement = 0
            for share in shares {
                guard share.leading != nil else {
                    leadingRows.append(nil)
                    continue
                }
                guard let row = rows[statement].first else { return .rollBack(.refused) }
                leadingRows.append(row)
                statement += 1
            }
            var articles = planned
            // The near-duplicate guard (redraws keep their titles, so the first probe still holds).
            let similarityGuard = SimilarityGuard(job: lead.prepared)
            // A redrawn alternate gets what the planned article got after its body (links, FAQ schema);
            // its fingerprint is the body's before that, like every article's.
            let similarity = try await similarityGuard?.check(&articles, jobs: jobIDs, redraw: { position, alternate in
                let writer = shares[owners[position]].writer
                var article = try SimilarityGuard.redraw(writer.prepared)(planned[position].sequence, alternate)
                writer.finish?(&article)
                return article
            }, on: connection)
            var allocator: SlugAllocator
            var taken: [String]
            if let probed {
                allocator = probed
                taken = firstProbe.isEmpty ? [] : try Self.slugs(in: rows[rows.count - 1])
            } else {
                // Inventory titles are known only once claimed, in the transaction.
                try await lead.takeHeadlines(&articles, on: connection)
                allocator = SlugAllocator(site: site, hints: lead.prepared.slugHints, slugBases: articles.map(\.slugBase))
                taken = try await Self.taken(allocator.firstProbe(), site: site, on: connection)
            }
            var probe = allocator.record(taken: taken)
            while !probe.isEmpty {
                probe = allocator.record(taken: try await Self.taken(probe, site: site, on: connection))
            }
            let slugs = allocator.assign(articles.map(\.slugBase))
            ordering?.slugsChosen()
            var relatedLinks: [Int?] = []
            for (share, range) in zip(shares, ranges) {
                guard let related = share.writer.related else {
                    relatedLinks.append(nil)
                    continue
                }
                var part = Array(articles[range])
                relatedLinks.append(try await related.appendLists(to: &part, slugs: Array(slugs[range]), jobID: share.writer.prepared.job.id,
                                                                  siteURL: share.writer.prepared.data.site.url, on: connection))
                articles.replaceSubrange(range, with: part)
            }
            var closing = try await lead.rows(articles, slugs: slugs, jobs: jobIDs, on: connection)
            var jobSimilarity: [JobSimilarity?] = Array(repeating: nil, count: shares.count)
            if let similarityGuard, let similarity {
                // Fingerprints reference their articles: their INSERT follows the rows.
                if let fingerprints = similarityGuard.writeFingerprints(articles, jobs: jobIDs, records: similarity.records) { closing.append(fingerprints) }
                let finished = shares.indices.filter { shares[$0].batch.range.upperBound >= shares[$0].writer.prepared.targetQuantity }
                let summaries = try await similarityGuard.jobSummaries(
                    of: finished.map { shares[$0].writer.prepared.job.id }, written: finished.map { shares[$0].batch.range.lowerBound == 0 ? ranges[$0] : nil },
                    articles: articles, records: similarity.records, pending: &closing, on: connection)
                for (index, summary) in zip(finished, summaries) { jobSimilarity[index] = summary }
            }
            var summaries: [BatchWriteSummary] = []
            for (index, range) in ranges.enumerated() {
                summaries.append(shares[index].writer.summary(
                    Array(articles[range]), similarity: similarity.map { SimilarityGuard.summary(of: $0.records[range]) },
                    jobSimilarity: jobSimilarity[index], relatedLinks: relatedLinks[index]))
            }
            if let ordering {
                // Beside the previous batch: the rows (a small batch's INSERT) go now, while it commits;
                // only the commit fence, the caller's statements and the COMMIT wait for it.
                if !closing.isEmpty { _ = try await connection.pipeline(closing) }
                guard case .commit(let fence) = try await ordering.takeTurn(on: connection) else { return .rollBack(.refused) }
                // A single batch (the only kind written beside another): its fence row is the commit fence's.
                if let fence { leadingRows = [fence] }
                closing = try trailing(summaries)
            } else {
                closing += try trailing(summaries)
            }
            return .commit(closing: closing, value: .committed(summaries, leading: leadingRows))
        }
    }

    /// Inventory titles: claims one unused headline per article for this transaction.
    func takeHeadlines(_ articles: inout [RenderedArticle], on connection: isolated PostgresConnection) async throws {
        let campaignID = prepared.data.campaign.id
        let claimed = try await connection.query(GenerationQueries.claimHeadlines, [campaignID, articles.count])
        var headlines = try claimed.map { (try $0.decode(UUID.self, at: 0), try $0.decode(String.self, at: 1)) }
        guard headlines.count == articles.count else {
            throw GenerationError(.inventoryExhausted, "campaign \(campaignID.uuidString.lowercased()) has \(headlines.count) unused headlines left in headline_inventory; this batch needs \(articles.count)")
        }
        headlines.sort { $0.0.uuidString < $1.0.uuidString }
        for position in articles.indices {
            let title = ArticleAssembler.finishTitle(Array(headlines[position].1.utf8))
            articles[position].title = title
            articles[position].schema.headline = title
            articles[position].slugBase = Slug.make(title)
            articles[position].schemaJSON = ""
        }
    }

    /// The article and spintax headline rows: statements for the closing pipeline; a large batch's
    /// articles go by a COPY run now.
    func rows(_ articles: [RenderedArticle], slugs: [String], jobs: [UUID],
              on connection: isolated PostgresConnection) async throws -> [PostgresStatement] {
        let data = prepared.data
        let status = prepared.spec.publish ? "published" : "draft"
        let published = prepared.spec.publish ? "t" : "f"
        let jobIDs = jobs.map { $0.uuidString.lowercased() }
        let siteID = data.site.id.uuidString.lowercased()
        let campaign = data.campaign.id.uuidString.lowercased()
        let now = try Date().postgresText()
        func schemaJSON(_ position: Int) -> String {
            let article = articles[position]
            if !article.schemaJSON.isEmpty && slugs[position] == article.slugBase { return article.schemaJSON }
            var schema = article.schema
            schema.pageURL = SchemaOrgArticle.pageURL(siteURL: data.site.url, slug: slugs[position])
            return schema.json
        }
        // Spintax titles go to `headline_inventory` by one INSERT in the closing pipeline whatever the
        // batch size: a COPY of their own cost two more round trips per batch for a few kilobytes.
        let prepare = StatementPreparation.enabled
        let headlines = prepared.spec.headlineSource == .spintax ? [PostgresStatement(GenerationQueries.insertHeadlines, [
            campaign, CampaignLoader.jsonArray(articles.map { String($0.title.prefix(255)) })], prepared: prepare)] : []

        if articles.count <= Self.insertLimit {
            var json = "["
            for position in articles.indices {
                let article = articles[position]
                if position > 0 { json += "," }
                json += "{\"title\":"
                JSONObjectWriter.appendString(article.title, to: &json)
                json += ",\"content\":"
                JSONObjectWriter.appendString(article.content, to: &json)
                json += ",\"slug\":"
                JSONObjectWriter.appendString(slugs[position], to: &json)
                json += ",\"schema_json\":"
                JSONObjectWriter.appendString(schemaJSON(position), to: &json)
                json += ",\"job_id\":\"\(jobIDs[position])\",\"job_seq\":\(article.sequence)}"
            }
            json += "]"
            return [PostgresStatement(GenerationQueries.insertArticles, [siteID, campaign, status, published, now, json], prepared: prepare)]
                + headlines
        }

        try await connection.copyFromStdin(GenerationQueries.copyArticles, rows: articles.indices) { position, row in
            let article = articles[position]
            row.append(siteID)
            row.append(campaign)
            row.append(article.title)
            row.append(article.content)
            row.append(slugs[position])
            row.append(schemaJSON(position))
            row.append(status)
            row.append(published)
            row.append(jobIDs[position])
            row.append(String(article.sequence))
            row.append(now)
            row.append(now)
        }
        return headlines
    }

    func summary(_ articles: [RenderedArticle], similarity: BatchSimilarity?, jobSimilarity: JobSimilarity?,
                         relatedLinks: Int?) -> BatchWriteSummary {
        let words = articles.map(\.wordCount)
        let target = Double(prepared.data.campaign.targetWordCount) * 0.8
        var summary = BatchWriteSummary(
            articles: articles.count, minWords: words.min() ?? 0,
            meanWords: words.isEmpty ? 0 : Double(words.reduce(0, +)) / Double(words.count),
            maxWords: words.max() ?? 0, underTarget: words.filter { Double($0) < target }.count,
            similarity: similarity, jobSimilarity: jobSimilarity)
        summary.relatedLinks = relatedLinks
        summary.links = linkCounts?(articles)
        return summary
    }
}
