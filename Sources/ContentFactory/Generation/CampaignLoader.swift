import Foundation
import PostgresClient

/// Reads everything a job needs, once, with parameterised SQL (Docs/Jobs.md#the-job-spec-filters).
public struct CampaignLoader: Sendable {
    public init() {}

    /// Loads the campaign, site, templates, personas and places a job's spec selects. Runs on the
    /// connection's own thread (`isolated`), so its eight queries do not hop back and forth to the
    /// cooperative pool between round trips.
    ///
    /// - Parameter siteID: the job's `site_id`; the campaign's site when `nil`.
    /// - Throws: `GenerationError` (`.missingData`) naming what does not exist; `PostgresError`.
    public func load(spec: JobSpec, siteID: UUID?, connection: isolated PostgresConnection) async throws -> CampaignData {
        guard let campaignRow = try await connection.query(GenerationQueries.campaign, [spec.campaignID]).first else {
            throw GenerationError(.missingData, "campaign \(spec.campaignID.uuidString.lowercased()) does not exist")
        }
        let campaign = CampaignData.Campaign(
            id: try campaignRow.decode(UUID.self, at: 0),
            siteID: try campaignRow.decode(UUID?.self, at: 1),
            name: try campaignRow.decode(String.self, at: 2),
            headline: try campaignRow.decode(String?.self, at: 3),
            targetWordCount: try campaignRow.decode(Int.self, at: 4),
            locationMode: try campaignRow.decode(String?.self, at: 5))

        guard let resolvedSiteID = siteID ?? campaign.siteID else {
            throw GenerationError(.missingData, "neither the job nor campaign \(campaign.id.uuidString.lowercased()) names a site")
        }
        guard let siteRow = try await connection.query(GenerationQueries.site, [resolvedSiteID]).first else {
            throw GenerationError(.missingData, "site \(resolvedSiteID.uuidString.lowercased()) does not exist")
        }
        let site = CampaignData.Site(
            id: try siteRow.decode(UUID.self, at: 0), name: try siteRow.decode(String.self, at: 1),
            url: try siteRow.decode(String?.self, at: 2))

        let source = spec.geo.source ?? Self.defaultGeoSource(locationMode: campaign.locationMode)
        let geo = try await loadGeo(spec.geo, source: source, connection: connection)

        let avatars = try await selected(GenerationQueries.avatars, spec.avatars, what: "avatar", connection: connection)
            .map(Self.avatar(from:))
        let variants = try await selected(GenerationQueries.variants, spec.variants, what: "variant", connection: connection)
            .map { row in
                CampaignData.Variant(
                    id: try row.decode(UUID.self, at: 0), name: try row.decode(String?.self, at: 1),
                    promptModifier: try row.decode(String?.self, at: 2))
            }

        var titles: [CampaignData.TemplateRow] = []
        if spec.campaignHeadline, let headline = campaign.headline, !headline.isEmpty {
            titles.append(.init(kind: "headline", id: campaign.id, name: "campaign headline", fragmentType: nil, text: headline))
        }
        for row in try await selected(GenerationQueries.patterns, spec.patterns, what: "pattern", connection: connection) {
            let name = try row.decode(String.self, at: 1)
            titles.append(.init(kind: "pattern", id: try row.decode(UUID.self, at: 0), name: "pattern \"\(name)\"",
                                fragmentType: nil, text: try row.decode(String.self, at: 2)))
        }

        // A headline job needs titles only.
        var fragments: [CampaignData.TemplateRow] = []
        var offers: [CampaignData.TemplateRow] = []
        if spec.kind == .articles {
            var ordinal: [String: Int] = [:]
            for row in try await connection.query(GenerationQueries.fragments, [campaign.id]) {
                let type = try row.decode(String.self, at: 1)
                ordinal[type, default: 0] += 1
                fragments.append(.init(kind: "fragment", id: try row.decode(UUID.self, at: 0),
                                       name: "fragment \(type) #\(ordinal[type]!)", fragmentType: type,
                                       text: try row.decode(String.self, at: 2)))
            }
            offers = try await selected(GenerationQueries.offerBlocks, spec.offerBlocks, what: "offer block", connection: connection)
                .map { row in
                    CampaignData.TemplateRow(
                        kind: "offer_block", id: try row.decode(UUID.self, at: 0),
                        name: "offer block \"\(try row.decode(String.self, at: 1))\"", fragmentType: nil,
                        text: try row.decode(String.self, at: 2))
                }
        }

        var data = CampaignData(campaign: campaign, site: site, geoSource: source, geo: geo, avatars: avatars,
                                variants: variants, titleTemplates: titles, fragments: fragments, offerBlocks: offers)
        if spec.kind == .articles, spec.links.enabled != false {
            data.linkTargets = try await connection.query(GenerationQueries.linkTargets, [site.id]).map { row in
                LinkTarget(id: try row.decode(UUID.self, at: 0), url: try row.decode(String.self, at: 1),
                           anchorText: try row.decode(String?.self, at: 2), keyword: try row.decode(String.self, at: 3))
            }
        }
        return data
    }

    /// Docs/Jobs.md#geo: city → cities, county → counties, state → states, anything else → geo_intelligence.
    public static func defaultGeoSource(locationMode: String?) -> JobSpec.GeoSource {
        switch locationMode?.lowercased() {
        case "city": .cities
        case "county": .counties
        case "state": .states
        default: .geoIntelligence
        }
    }

    private func loadGeo(_ filter: JobSpec.GeoFilter, source: JobSpec.GeoSource, connection: isolated PostgresConnection) async throws -> [CampaignData.GeoRow] {
        let sql: String
        switch source {
        case .cities: sql = GenerationQueries.geoCities
        case .counties: sql = GenerationQueries.geoCounties
        case .states: sql = GenerationQueries.geoStates
        case .geoIntelligence: sql = GenerationQueries.geoIntelligence
        }
        let rows = try await connection.query(sql, [
            Self.jsonArray(filter.states), Self.jsonArray(filter.ids.map { $0.uuidString }),
            filter.minPopulation, filter.maxPopulation, filter.limit.map { Int64($0) },
        ])
        return try rows.map { row in
            CampaignData.GeoRow(
                id: try row.decode(UUID.self, at: 0), city: try row.decode(String?.self, at: 1),
                county: try row.decode(String?.self, at: 2), state: try row.decode(String?.self, at: 3),
                stateCode: try row.decode(String?.self, at: 4), population: try row.decode(Int64?.self, at: 5))
        }
    }

    /// Rows chosen by a selection; explicit ids that do not exist are an error naming them.
    private func selected(_ sql: String, _ selection: JobSpec.Selection, what: String, connection: isolated PostgresConnection) async throws -> PostgresRows {
        switch selection {
        case .none:
            return try await connection.query(sql, [false, "[]"])
        case .all:
            return try await connection.query(sql, [true, "[]"])
        case .ids(let ids):
            let rows = try await connection.query(sql, [false, Self.jsonArray(ids.map { $0.uuidString })])
            let found = Set(try rows.map { try $0.decode(UUID.self, at: 0) })
            if let missing = ids.first(where: { !found.contains($0) }) {
                throw GenerationError(.missingData, "\(what) \(missing.uuidString.lowercased()) does not exist")
            }
            return rows
        }
    }

    private static func avatar(from row: PostgresRow) throws -> CampaignData.Avatar {
        var painPoints: [String] = []
        if let text = try row.decode(String?.self, at: 3), case .array(let items) = try? JSONValue(parsing: text) {
            for item in items {
                if case .string(let point) = item, !point.isEmpty { painPoints.append(point) }
            }
        }
        var demographics: [(key: String, value: String)] = []
        if let text = try row.decode(String?.self, at: 4), case .object(let fields) = try? JSONValue(parsing: text) {
            for key in fields.keys.sorted() {
                switch fields[key]! {
                case .string(let value): demographics.append((key, value))
                case .integer(let value): demographics.append((key, String(value)))
                case .number(let value): demographics.append((key, String(value)))
                case .bool(let value): demographics.append((key, value ? "yes" : "no"))
                default: continue
                }
            }
        }
        return CampaignData.Avatar(
            id: try row.decode(UUID.self, at: 0), baseName: try row.decode(String?.self, at: 1),
            wealthCluster: try row.decode(String?.self, at: 2), painPoints: painPoints, demographics: demographics)
    }

    /// A JSON array of strings, for `jsonb_array_elements_text($n::jsonb)`.
    static func jsonArray(_ items: [String]) -> String {
        var text = "["
        for (index, item) in items.enumerated() {
            if index > 0 { text += "," }
            JSONObjectWriter.appendString(item, to: &text)
        }
        return text + "]"
    }
}
