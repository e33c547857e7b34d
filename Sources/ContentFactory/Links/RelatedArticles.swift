import Foundation
import PostgresClient
import Spintax

/// `filters.links.related`: links from each article to up to N other articles of the same job about
/// nearby places, in a "Related articles" list after the body.
///
/// Only earlier articles are linked (a smaller job_seq, same county first, then same state), so every
/// link points to an article that exists when the batch commits: one committed before, or one
/// written in the same transaction. The choice depends only on the article's job_seq and the plan, not
/// on batch boundaries; the first articles of a job have fewer (or no) related links.
struct RelatedArticles: Sendable {
    let count: Int
    let plan: GenerationPlan
    let seed: UInt64
    /// Per geo row: the other rows of its county, and the other rows of its state outside the county.
    private let neighbours: [(county: [Int], state: [Int])]

    init(count: Int, plan: GenerationPlan, geo: [CampaignData.GeoRow], seed: UInt64) {
        self.count = count
        self.plan = plan
        self.seed = seed
        func key(_ value: String?) -> String? {
            guard let value, !value.trimmingSpaces.isEmpty else { return nil }
            return value.lowercased()
        }
        var byCounty: [String: [Int]] = [:], byState: [String: [Int]] = [:]
        for (index, row) in geo.enumerated() {
            guard let state = key(row.stateCode) ?? key(row.state) else { continue }
            byState[state, default: []].append(index)
            if let county = key(row.county) { byCounty[state + "\u{0}" + county, default: []].append(index) }
        }
        neighbours = geo.enumerated().map { index, row in
            guard let state = key(row.stateCode) ?? key(row.state) else { return ([], []) }
            let county = key(row.county).flatMap { byCounty[state + "\u{0}" + $0] } ?? []
            let inCounty = Set(county)
            return (county.filter { $0 != index }, (byState[state] ?? []).filter { $0 != index && !inCounty.contains($0) })
        }
    }

    /// The job_seq values article `sequence` links to, nearest first: same county, then same state,
    /// each group rotated by a hash of the sequence so the links spread over the group.
    func targets(of sequence: Int) -> [Int] {
        guard count > 0 else { return [] }
        let geo = plan.coordinates(of: sequence).geo
        let geoCount = plan.geoCount
        let runStart = sequence - geo  // geo varies fastest: this run holds every place once
        var chosen: [Int] = []
        for group in [neighbours[geo].county, neighbours[geo].state] where !group.isEmpty {
            let rotation = Int(SpintaxHash.mix64(seed ^ UInt64(sequence)) % UInt64(group.count))
            for offset in 0..<group.count {
                if chosen.count == count { return chosen }
                let place = group[(rotation + offset) % group.count]
                // The latest earlier article about that place.
                let earlier = place < geo ? runStart + place : runStart - geoCount + place
                if earlier >= 0 { chosen.append(earlier) }
            }
        }
        return chosen
    }
}

extension RelatedArticles {
    /// Appends each article's related list, resolving earlier articles of this batch from `slugs` and
    /// earlier batches from the database. Returns how many links it wrote.
    ///
    /// - Throws: `PostgresError`.
    func appendLists(to articles: inout [RenderedArticle], slugs: [String], jobID: UUID, siteURL: String?,
                     on connection: isolated PostgresConnection) async throws -> Int {
        guard count > 0, let first = articles.first?.sequence else { return 0 }
        var wanted: [[Int]] = []
        var stored = Set<Int>()
        for article in articles {
            let targets = self.targets(of: article.sequence)
            wanted.append(targets)
            for target in targets where target < first { stored.insert(target) }
        }
        var known: [Int: (slug: String, title: String)] = [:]
        for (position, article) in articles.enumerated() { known[article.sequence] = (slugs[position], article.title) }
        if !stored.isEmpty {
            let rows = try await connection.query(GenerationQueries.relatedArticles, [jobID, CampaignLoader.jsonArray(stored.sorted().map(String.init))])
            for row in rows {
                known[try row.decode(Int.self, at: 0)] = (try row.decode(String.self, at: 1), try row.decode(String.self, at: 2))
            }
        }
        var written = 0
        for position in articles.indices {
            let items = wanted[position].compactMap { known[$0] }
            guard !items.isEmpty else { continue }
            var list = "<section class=\"cf-related\">\n<h2>Related articles</h2>\n<ul>\n"
            for item in items {
                let url = SchemaOrgArticle.pageURL(siteURL: siteURL, slug: item.slug) ?? "/" + item.slug
                list += "<li><a href=\"\(HTMLEscaping.attribute(url))\">\(HTMLEscaping.text(item.title))</a></li>\n"
            }
            articles[position].content += list + "</ul>\n</section>\n"
            written += items.count
        }
        return written
    }
}
