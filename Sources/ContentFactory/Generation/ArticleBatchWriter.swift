import Foundation
import PostgresClient

/// Writes one rendered batch inside the caller's transaction: final slugs (unique per site, `-2`,
/// `-3`, … on collision), `schema_json` with the final URL, the article rows by COPY with
/// `job_id`/`job_seq`, and the titles in `headline_inventory` (Docs/Jobs.md#what-a-job-writes).
struct ArticleBatchWriter {
    let prepared: PreparedCampaignJob
    /// `filters.links.related`, when on: lists appended once slugs are final.
    var related: RelatedArticles? = nil
    /// What follows an article's body (`FinishedCampaignJob.finish`), for alternates drawn at commit.
    var finish: (@Sendable (inout RenderedArticle) -> Void)? = nil

    /// Suffixes probed per round trip for a slug base that is taken.
    static let probeWindow = 32

    private func takenSlugs(_ slugs: [String], site: UUID, on connection: isolated PostgresConnection) async throws -> Set<String> {
        guard !slugs.isEmpty else { return [] }
        let rows = try await connection.query(GenerationQueries.takenSlugs, [site, CampaignLoader.jsonArray(slugs)])
        return Set(try rows.map { try $0.decode(String.self, at: 0) })
    }

    func write(_ batch: RenderedBatch, on connection: isolated PostgresConnection) async throws -> BatchWriteSummary {
        try prepared.verifyDistinct(batch)
        var articles = batch.articles
        let data = prepared.data
        let similarityGuard = SimilarityGuard(job: prepared)
        // A redrawn alternate gets what the planned article got after its body (links, FAQ schema);
        // its fingerprint is the body's before that, like every article's.
        let plainRedraw = SimilarityGuard.redraw(prepared), finish = self.finish
        let similarity = try await similarityGuard?.check(&articles, redraw: { index, alternate in
            var article = try plainRedraw(index, alternate)
            finish?(&article)
            return article
        }, on: connection)
        let campaignID = data.campaign.id

        if prepared.spec.headlineSource == .inventory {
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

        // Slugs: collisions with the site's rows or earlier articles of this batch get -2, -3, …
        var bases: [String] = []
        var seenBases = Set<String>()
        for article in articles where seenBases.insert(article.slugBase).inserted { bases.append(article.slugBase) }
        var taken = try await takenSlugs(bases, site: data.site.id, on: connection)
        // Bases in use (by the site or twice in this batch) need their suffixes probed.
        var counts: [String: Int] = [:]
        for article in articles { counts[article.slugBase, default: 0] += 1 }
        var probing = bases.filter { taken.contains($0) || counts[$0]! > 1 }
        var probed = 1
        while !probing.isEmpty {
            let window = (probed + 1)...(probed + Self.probeWindow)
            let candidates = probing.flatMap { base in window.map { "\(base)-\($0)" } }
            taken.formUnion(try await takenSlugs(candidates, site: data.site.id, on: connection))
            probed += Self.probeWindow
            // A base is done once the slugs probed so far hold a free one for each of its articles.
            probing = probing.filter { base in
                let free = (taken.contains(base) ? 0 : 1) + (2...probed).filter { !taken.contains("\(base)-\($0)") }.count
                return free < counts[base]!
            }
        }
        var slugs: [String] = []
        slugs.reserveCapacity(articles.count)
        for article in articles {
            let slug = Slug.unique(article.slugBase) { taken.contains($0) }
            taken.insert(slug)
            slugs.append(slug)
        }

        let relatedLinks = try await related?.appendLists(to: &articles, slugs: slugs, jobID: prepared.job.id,
                                                          siteURL: data.site.url, on: connection)

        let status = prepared.spec.publish ? "published" : "draft"
        let published = prepared.spec.publish ? "t" : "f"
        let jobID = prepared.job.id.uuidString.lowercased()
        let siteID = data.site.id.uuidString.lowercased()
        let campaign = campaignID.uuidString.lowercased()
        let now = Date()
        try await connection.copyFromStdin(GenerationQueries.copyArticles, rows: articles.indices) { position, row in
            let article = articles[position]
            var json = article.schemaJSON
            if json.isEmpty || slugs[position] != article.slugBase {
                var schema = article.schema
                schema.pageURL = SchemaOrgArticle.pageURL(siteURL: data.site.url, slug: slugs[position])
                json = schema.json
            }
            row.append(siteID)
            row.append(campaign)
            row.append(article.title)
            row.append(article.content)
            row.append(slugs[position])
            row.append(json)
            row.append(status)
            row.append(published)
            row.append(jobID)
            row.append(String(article.sequence))
            try row.encode(now)
            try row.encode(now)
        }
        var jobSimilarity: JobSimilarity?
        if let similarityGuard, let similarity {
            try await similarityGuard.writeFingerprints(articles, records: similarity.records, on: connection)
            if batch.range.upperBound >= prepared.targetQuantity { jobSimilarity = try await similarityGuard.jobSummary(on: connection) }
        }
        if prepared.spec.headlineSource == .spintax {
            try await connection.copyFromStdin(GenerationQueries.copyHeadlines, rows: articles) { article, row in
                row.append(campaign)
                row.append(String(article.title.prefix(255)))
                row.append("t")
                row.append("used")
            }
        }

        let words = articles.map(\.wordCount)
        let target = Double(data.campaign.targetWordCount) * 0.8
        var summary = BatchWriteSummary(
            articles: articles.count, minWords: words.min() ?? 0,
            meanWords: words.isEmpty ? 0 : Double(words.reduce(0, +)) / Double(words.count),
            maxWords: words.max() ?? 0, underTarget: words.filter { Double($0) < target }.count,
            similarity: similarity?.summary, jobSimilarity: jobSimilarity)
        summary.relatedLinks = relatedLinks
        return summary
    }
}
