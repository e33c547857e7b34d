import Foundation
import PostgresClient

/// Reads everything a job needs, once, with parameterised SQL (Docs/Jobs.md#the-job-spec-filters).
package struct CampaignLoader: Sendable {
    package init() {}

    /// Loads the campaign, site, templates, personas and places a job's spec selects. Runs on the
    /// connection's own thread (`isolated`). The independent queries go in one pipeline (one round
    /// trip); the site, its link targets and the places, when they depend on the campaign row, in a second.
    ///
    /// - Parameter siteID: the job's `site_id`; the campaign's site when `nil`.
    /// - Throws: `GenerationError` (`.missingData`) naming what does not exist; `PostgresError`.
    package func load(spec: JobSpec, siteID: UUID?, connection: isolated PostgresConnection) async throws -> CampaignData {
        // A headline job needs titles only: no fragments, offer blocks or link targets.
        let articles = spec.kind == .articles
        let wantsLinks = articles && spec.links.enabled != false
        var statements = [
            PostgresStatement(GenerationQueries.campaign, [spec.campaignID]),
            PostgresStatement(GenerationQueries.avatars, Self.parameters(spec.avatars)),
            PostgresStatement(GenerationQueries.variants, Self.parameters(spec.variants)),
            PostgresStatement(GenerationQueries.patterns, Self.parameters(spec.patterns)),
        ]
        if articles {
            statements.append(PostgresStatement(GenerationQueries.fragments, [spec.campaignID]))
            statements.append(PostgresStatement(GenerationQueries.offerBlocks, Self.parameters(spec.offerBlocks)))
        }
        if let siteID { statements.append(PostgresStatement(GenerationQueries.site, [siteID])) }
        if let siteID, wantsLinks { statements.append(PostgresStatement(GenerationQueries.linkTargets, [siteID])) }
        if let source = spec.geo.source { statements.append(geoStatement(spec.geo, source: source)) }
        var results = try await connection.pipeline(statements)
        // What follows the fixed four, in the order appended above.
        let fragmentRows = articles ? results.remove(at: 4) : nil
        let offerRows = articles ? results.remove(at: 4) : nil

        guard let campaignRow = results[0].first else {
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
        let source = spec.geo.source ?? Self.defaultGeoSource(locationMode: campaign.locationMode)
        // The site, its link targets and the places: from the first pipeline when the job named
        // them, else from a second one (they depend on the campaign row).
        var second: [PostgresStatement] = []
        if siteID == nil { second.append(PostgresStatement(GenerationQueries.site, [resolvedSiteID])) }
        if siteID == nil, wantsLinks { second.append(PostgresStatement(GenerationQueries.linkTargets, [resolvedSiteID])) }
        if spec.geo.source == nil { second.append(geoStatement(spec.geo, source: source)) }
        var more = second.isEmpty ? [] : try await connection.pipeline(second)
        var first = Array(results[4...])
        let siteRows = siteID == nil ? more.removeFirst() : first.removeFirst()
        let linkRows = !wantsLinks ? nil : siteID == nil ? more.removeFirst() : first.removeFirst()
        let geoRows = spec.geo.source == nil ? more.removeFirst() : first.removeFirst()

        guard let siteRow = siteRows.first else {
            throw GenerationError(.missingData, "site \(resolvedSiteID.uuidString.lowercased()) does not exist")
        }
        let site = CampaignData.Site(
            id: try siteRow.decode(UUID.self, at: 0), name: try siteRow.decode(String.self, at: 1),
            url: try siteRow.decode(String?.self, at: 2))

        let geo = try geoRows.map { row in
            CampaignData.GeoRow(
                id: try row.decode(UUID.self, at: 0), city: try row.decode(String?.self, at: 1),
                county: try row.decode(String?.self, at: 2), state: try row.decode(String?.self, at: 3),
                stateCode: try row.decode(String?.self, at: 4), population: try row.decode(Int64?.self, at: 5))
        }

        let avatars = try Self.checked(results[1], spec.avatars, what: "avatar").map(Self.avatar(from:))
        let variants = try Self.checked(results[2], spec.variants, what: "variant")
            .map { row in
                CampaignData.Variant(
                    id: try row.decode(UUID.self, at: 0), name: try row.decode(String?.self, at: 1),
                    promptModifier: try row.decode(String?.self, at: 2))
            }

        var titles: [CampaignData.TemplateRow] = []
        if spec.campaignHeadline, let headline = campaign.headline, !headline.isEmpty {
            titles.append(.init(kind: .headline, id: campaign.id, name: "campaign headline", fragmentType: nil, text: headline))
        }
        for row in try Self.checked(results[3], spec.patterns, what: "pattern") {
            let name = try row.decode(String.self, at: 1)
            titles.append(.init(kind: .pattern, id: try row.decode(UUID.self, at: 0), name: "pattern \"\(name)\"",
                                fragmentType: nil, text: try row.decode(String.self, at: 2)))
        }

        // A headline job needs titles only.
        var fragments: [CampaignData.TemplateRow] = []
        var offers: [CampaignData.TemplateRow] = []
        if let fragmentRows, let offerRows {
            var ordinal: [String: Int] = [:]
            for row in fragmentRows {
                let type = try row.decode(String.self, at: 1)
                ordinal[type, default: 0] += 1
                fragments.append(.init(kind: .fragment, id: try row.decode(UUID.self, at: 0),
                                       name: "fragment \(type) #\(ordinal[type]!)", fragmentType: type,
                                       text: try row.decode(String.self, at: 2)))
            }
            offers = try Self.checked(offerRows, spec.offerBlocks, what: "offer block")
                .map { row in
                    CampaignData.TemplateRow(
                        kind: .offerBlock, id: try row.decode(UUID.self, at: 0),
                        name: "offer block \"\(try row.decode(String.self, at: 1))\"", fragmentType: nil,
                        text: try row.decode(String.self, at: 2))
                }
        }

        var data = CampaignData(campaign: campaign, site: site, geoSource: source, geo: geo, avatars: avatars,
                                variants: variants, titleTemplates: titles, fragments: fragments, offerBlocks: offers)
        if let linkRows {
            data.linkTargets = try linkRows.map { row in
                LinkTarget(id: try row.decode(UUID.self, at: 0), url: try row.decode(String.self, at: 1),
                           anchorText: try row.decode(String?.self, at: 2), keyword: try row.decode(String.self, at: 3))
            }
        }
        return data
    }

    /// Docs/Jobs.md#geo: city → cities, county → counties, state → states, anything else → geo_intelligence.
    package static func defaultGeoSource(locationMode: String?) -> JobSpec.GeoSource {
        switch locationMode?.lowercased() {
        case "city": .cities
        case "county": .counties
        case "state": .states
        default: .geoIntelligence
        }
    }

    private func geoStatement(_ filter: JobSpec.GeoFilter, source: JobSpec.GeoSource) -> PostgresStatement {
        let sql: String
        switch source {
        case .cities: sql = GenerationQueries.geoCities
        case .counties: sql = GenerationQueries.geoCounties
        case .states: sql = GenerationQueries.geoStates
        case .geoIntelligence: sql = GenerationQueries.geoIntelligence
        }
        return PostgresStatement(sql, [
            Self.jsonArray(filter.states), Self.jsonArray(filter.ids.map { $0.uuidString }),
            filter.minPopulation, filter.maxPopulation, filter.limit.map { Int64($0) },
        ])
    }

    /// The parameters of a selection query: every published row, none, or explicit ids.
    private static func parameters(_ selection: JobSpec.Selection) -> [(any PostgresEncodable)?] {
        switch selection {
        case .none: [false, "[]"]
        case .all: [true, "[]"]
        case .ids(let ids): [false, jsonArray(ids.map { $0.uuidString })]
        }
    }

    /// The rows of a selection; explicit ids that do not exist are an error naming them.
    private static func checked(_ rows: PostgresRows, _ selection: JobSpec.Selection, what: String) throws -> PostgresRows {
        guard case .ids(let ids) = selection else { return rows }
        let found = Set(try rows.map { try $0.decode(UUID.self, at: 0) })
        if let missing = ids.first(where: { !found.contains($0) }) {
            throw GenerationError(.missingData, "\(what) \(missing.uuidString.lowercased()) does not exist")
        }
        return rows
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
