import Foundation
import PostgresClient

/// Commits one rendered batch in its own transaction: final slugs (unique per site, `-2`, `-3`, … on
/// collision), `schema_json` with the final URL, the article rows with `job_id`/`job_seq`, and the
/// titles in `headline_inventory` (Docs/Jobs.md#what-a-job-writes), with the caller's statements.
///
/// Round trips: BEGIN, the caller's leading statement and the first slug probe in one pipeline; the
/// rows, the caller's trailing statements and COMMIT in a second. A small batch's rows go as one
/// INSERT each (in the pipeline); a large one's by COPY (its own round trips, cheaper per row).
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

    func commit(_ batch: RenderedBatch, with statements: BatchStatements, on connection: PostgresConnection) async throws -> BatchCommit {
        try prepared.verifyDistinct(batch)
        let site = prepared.data.site.id
        let inventory = prepared.spec.headlineSource == .inventory
        // With spintax titles the slug bases are known now, so the first probe rides with BEGIN.
        var spintaxSlugs = inventory ? nil : SlugAllocator(site: site, hints: prepared.slugHints, slugBases: batch.articles.map(\.slugBase))
        let firstProbe = spintaxSlugs?.firstProbe() ?? []
        let probed = spintaxSlugs
        var opening: [PostgresStatement] = []
        if let leading = statements.leading { opening.append(leading) }
        if !firstProbe.isEmpty { opening.append(Self.takenSlugs(firstProbe, site: site)) }
        let writer = self
        return try await connection.withPipelinedTransaction(opening: opening) { connection, rows in
            var leadingRow: PostgresRow?
            if statements.leading != nil {
                guard let row = rows[0].first else { return .rollBack(.refused) }
                leadingRow = row
            }
            var articles = batch.articles
            // The near-duplicate guard (redraws keep their titles, so the first probe still holds).
            let similarityGuard = SimilarityGuard(job: writer.prepared)
            // A redrawn alternate gets what the planned article got after its body (links, FAQ schema);
            // its fingerprint is the body's before that, like every article's.
            let plainRedraw = SimilarityGuard.redraw(writer.prepared), finish = writer.finish
            let similarity = try await similarityGuard?.check(&articles, redraw: { index, alternate in
                var article = try plainRedraw(index, alternate)
                finish?(&article)
                return article
            }, on: connection)
            var allocator: SlugAllocator
            var taken: [String]
            if let probed {
                allocator = probed
                taken = firstProbe.isEmpty ? [] : try Self.slugs(in: rows[rows.count - 1])
            } else {
                // Inventory titles are known only once claimed, in the transaction.
                try await writer.takeHeadlines(&articles, on: connection)
                allocator = SlugAllocator(site: site, hints: writer.prepared.slugHints, slugBases: articles.map(\.slugBase))
                taken = try await Self.taken(allocator.firstProbe(), site: site, on: connection)
            }
            var next = allocator.record(taken: taken)
            while !next.isEmpty {
                next = allocator.record(taken: try await Self.taken(next, site: site, on: connection))
            }
            let slugs = allocator.assign(articles.map(\.slugBase))
            let relatedLinks = try await writer.related?.appendLists(to: &articles, slugs: slugs, jobID: writer.prepared.job.id,
                                                                     siteURL: writer.prepared.data.site.url, on: connection)
            var closing = try await writer.rows(articles, slugs: slugs, copy: false, on: connection)
            var jobSimilarity: JobSimilarity?
            if let similarityGuard, let similarity {
                // Fingerprints reference their articles: their INSERT follows the rows.
                if let fingerprints = similarityGuard.writeFingerprints(articles, records: similarity.records) { closing.append(fingerprints) }
                if batch.range.upperBound >= writer.prepared.targetQuantity {
                    jobSimilarity = try await similarityGuard.jobSummary(articles, records: similarity.records, wholeJob: batch.range.lowerBound == 0,
                                                                         pending: &closing, on: connection)
                }
            }
            let summary = writer.summary(articles, similarity: similarity?.summary, jobSimilarity: jobSimilarity,
                                         relatedLinks: relatedLinks)
            closing += try statements.trailing(summary)
            return .commit(closing: closing, value: .committed(summary, leading: leadingRow))
        }
    }

    /// Inventory titles: claims one unused headline per article for this transaction.
    private func takeHeadlines(_ articles: inout [RenderedArticle], on connection: isolated PostgresConnection) async throws {
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

    /// The article (and spintax headline) rows: statements for the closing pipeline of a small batch;
    /// for a large one, COPYs run now and no statement.
    private func rows(_ articles: [RenderedArticle], slugs: [String], copy: Bool,
                      on connection: isolated PostgresConnection) async throws -> [PostgresStatement] {
        let data = prepared.data
        let status = prepared.spec.publish ? "published" : "draft"
        let published = prepared.spec.publish ? "t" : "f"
        let jobID = prepared.job.id.uuidString.lowercased()
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
        let headlines = prepared.spec.headlineSource == .spintax

        if !copy && articles.count <= Self.insertLimit {
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
                json += ",\"job_seq\":\(article.sequence)}"
            }
            json += "]"
            let prepare = StatementPreparation.enabled
            var statements = [PostgresStatement(GenerationQueries.insertArticles, [siteID, campaign, status, published, jobID, now, json], prepared: prepare)]
            if headlines {
                statements.append(PostgresStatement(GenerationQueries.insertHeadlines, [
                    campaign, CampaignLoader.jsonArray(articles.map { String($0.title.prefix(255)) })], prepared: prepare))
            }
            return statements
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
            row.append(jobID)
            row.append(String(article.sequence))
            row.append(now)
            row.append(now)
        }
        if headlines {
            try await connection.copyFromStdin(GenerationQueries.copyHeadlines, rows: articles) { article, row in
                row.append(campaign)
                row.append(String(article.title.prefix(255)))
                row.append("t")
                row.append("used")
            }
        }
        return []
    }

    private func summary(_ articles: [RenderedArticle], similarity: BatchSimilarity?, jobSimilarity: JobSimilarity?,
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
