import Foundation

/// A generation job's spec: `generation_jobs.filters`, decoded and validated (Docs/Jobs.md#the-job-spec-filters).
///
/// Unknown keys are errors, so a typo such as `"min_populaton"` fails the job instead of silently
/// generating for every city. Every key is optional except the campaign.
package struct JobSpec: Sendable, Hashable {
    /// Where the geo rows come from.
    package enum GeoSource: String, Sendable, Hashable, CaseIterable {
        case geoIntelligence = "geo_intelligence"
        case cities = "locations_cities"
        case counties = "locations_counties"
        case states = "locations_states"
    }

    /// Which places a job covers.
    package struct GeoFilter: Sendable, Hashable {
        /// `nil`: derived from the campaign's `location_mode`.
        package var source: GeoSource?
        /// State codes or names; empty: every state.
        package var states: [String] = []
        /// Specific rows; empty: all.
        package var ids: [UUID] = []
        /// `geo.min_population`: places with fewer people are left out; nil: no floor.
        package var minPopulation: Int64?
        /// `geo.max_population`: places with more people are left out; nil: no ceiling.
        package var maxPopulation: Int64?
        /// `geo.limit`: at most this many places, the most populous first; nil: all.
        package var limit: Int?

        /// No filter: every place of the source.
        package init() {}
    }

    /// A set of rows chosen by id, all published rows, or none.
    package enum Selection: Sendable, Hashable {
        case all
        case none
        case ids([UUID])
    }

    /// What a job writes.
    package enum Kind: String, Sendable, Hashable {
        /// Articles in `generated_articles` (the default).
        case articles
        /// Unused headlines in `headline_inventory`, for editors to review before articles exist.
        case headlines
    }

    /// Where titles come from.
    package enum HeadlineSource: String, Sendable, Hashable {
        case spintax
        case inventory
    }

    /// `campaign_id`, the one required key: whose templates and data the job uses.
    package var campaignID: UUID
    /// `geo`: which places the articles are about.
    package var geo = GeoFilter()
    /// Personas; `.all` (the default) means every published `avatar_intelligence` row.
    package var avatars: Selection = .all
    /// Variants; `.none` (the default) means not crossed.
    package var variants: Selection = .none
    /// Cartesian patterns used as extra title templates; `.none` by default.
    package var patterns: Selection = .none
    /// Whether the campaign's `headline_spintax_root` is a title template.
    package var campaignHeadline = true
    /// Offer blocks, one chosen per article; `.all` published by default.
    package var offerBlocks: Selection = .all
    /// Order of body sections by fragment type; `nil`: the default order (Docs/Jobs.md#structure).
    package var structure: [String]?
    /// Constant variables, e.g. `Niche`.
    package var variables: [String: String] = [:]
    /// Master seed; `nil`: derived from the job id.
    package var seed: UInt64?
    /// Write articles as published.
    package var publish = false
    /// `headline_source`: render titles from the templates, or take unused rows of `headline_inventory`.
    package var headlineSource: HeadlineSource = .spintax
    /// `kind`: write articles (default) or fill the headline inventory.
    package var kind: Kind = .articles
    /// Internal links (`filters.links`).
    package var links = LinkOptions()
    /// Whether `schema_json` also holds an `FAQPage` built from the FAQ section (default off).
    package var faqSchema = false
    /// The near-duplicate guard (`max_similarity`, `on_similar`).
    package var similarity = SimilaritySettings()

    /// Creates a spec for `campaignID` with every default.
    package init(campaignID: UUID) {
        self.campaignID = campaignID
    }

    /// The seed used when `filters.seed` is absent: the first 8 bytes of the job id, big-endian.
    package static func defaultSeed(jobID: UUID) -> UInt64 {
        let bytes = jobID.uuid
        return [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5, bytes.6, bytes.7]
            .reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }

    /// The master seed for the job: `filters.seed`, else `defaultSeed(jobID:)`.
    package func effectiveSeed(jobID: UUID) -> UInt64 {
        seed ?? Self.defaultSeed(jobID: jobID)
    }
}

extension JobSpec {
    static let knownKeys: Set<String> = [
        "campaign_id", "geo", "avatars", "variants", "patterns", "campaign_headline", "offer_blocks",
        "structure", "variables", "seed", "publish", "headline_source", "kind", "links", "faq_schema", "max_similarity", "on_similar",
    ]
    static let knownLinkKeys: Set<String> = ["enabled", "anchor", "max_per_article", "related"]
    static let knownGeoKeys: Set<String> = ["source", "states", "ids", "min_population", "max_population", "limit"]

    /// Decodes and validates `filters` text.
    ///
    /// - Parameters:
    ///   - filters: the JSON text of `generation_jobs.filters` (NULL counts as `{}`).
    ///   - jobID: named in errors.
    ///   - campaignColumn: a `campaign_id` column of the job row, where the database has one.
    /// - Throws: `JobSpecError` naming the key and the job.
    package init(filters: String?, jobID: UUID? = nil, campaignColumn: UUID? = nil) throws(JobSpecError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: filters ?? "{}")
        } catch {
            throw JobSpecError(.malformed, key: "", message: "is not valid JSON", jobID: jobID)
        }
        try self.init(json: value, jobID: jobID, campaignColumn: campaignColumn)
    }

    /// Validates an already parsed `filters` object.
    ///
    /// - Throws: `JobSpecError` naming the key and the job.
    package init(json: JSONValue, jobID: UUID? = nil, campaignColumn: UUID? = nil) throws(JobSpecError) {
        let reader = JobSpecReader(jobID: jobID)
        let object: [String: JSONValue]
        switch json {
        case .object(let fields): object = fields
        case .null: object = [:]
        default:
            throw reader.error(.malformed, "", "must be a JSON object, not \(json.typeDescription)")
        }
        try reader.rejectUnknownKeys(object, known: Self.knownKeys, prefix: "")

        let campaign: UUID
        if let raw = object["campaign_id"] {
            campaign = try reader.uuid(raw, key: "campaign_id")
        } else if let campaignColumn {
            campaign = campaignColumn
        } else {
            throw reader.error(.missingCampaign, "campaign_id", "is required: the campaign to generate from")
        }
        self.init(campaignID: campaign)

        if let raw = object["geo"] { geo = try reader.geo(raw) }
        if let raw = object["avatars"] { avatars = .ids(try reader.uuids(raw, key: "avatars")) }
        if let raw = object["variants"] { variants = try reader.selection(raw, key: "variants", allowNone: false) }
        if let raw = object["patterns"] { patterns = try reader.selection(raw, key: "patterns", allowNone: false) }
        if let raw = object["campaign_headline"] { campaignHeadline = try reader.bool(raw, key: "campaign_headline") }
        if let raw = object["offer_blocks"] { offerBlocks = try reader.selection(raw, key: "offer_blocks", allowNone: true) }
        if let raw = object["structure"] {
            let types = try reader.strings(raw, key: "structure")
            if types.isEmpty { throw reader.error(.invalidValue, "structure", "must name at least one fragment type") }
            structure = types
        }
        if let raw = object["variables"] { variables = try reader.stringMap(raw, key: "variables") }
        if let raw = object["seed"] { seed = try reader.seed(raw) }
        if let raw = object["publish"] { publish = try reader.bool(raw, key: "publish") }
        if let raw = object["headline_source"] {
            let name = try reader.string(raw, key: "headline_source")
            guard let source = HeadlineSource(rawValue: name) else {
                throw reader.error(.invalidValue, "headline_source", "must be \"spintax\" or \"inventory\", not \"\(name)\"")
            }
            headlineSource = source
        }
        if let raw = object["kind"] {
            let name = try reader.string(raw, key: "kind")
            guard let value = Kind(rawValue: name) else {
                throw reader.error(.invalidValue, "kind", "must be \"articles\" or \"headlines\", not \"\(name)\"")
            }
            kind = value
        }
        if kind == .headlines && headlineSource == .inventory {
            throw reader.error(.invalidValue, "headline_source", "\"inventory\" takes headlines; a \"headlines\" job makes them")
        }
        if let raw = object["links"] { links = try reader.links(raw) }
        if let raw = object["faq_schema"] { faqSchema = try reader.bool(raw, key: "faq_schema") }
        if let raw = object["max_similarity"] {
            let value: Double
            switch raw {
            case .integer(let number): value = Double(number)
            case .number(let number): value = number
            default: throw reader.wrongType("max_similarity", expected: "a number in (0, 1]", got: raw)
            }
            guard value > 0, value <= 1 else {
                throw reader.error(.invalidValue, "max_similarity", "must be in (0, 1] (1 turns the check off), not \(value)")
            }
            similarity.maxSimilarity = value
        }
        if let raw = object["on_similar"] {
            let name = try reader.string(raw, key: "on_similar")
            guard let mode = SimilaritySettings.OnSimilar(rawValue: name) else {
                throw reader.error(.invalidValue, "on_similar", "must be \"redraw\", \"warn\" or \"fail\", not \"\(name)\"")
            }
            similarity.onSimilar = mode
        }
    }
}

/// Type-checked reads of `filters` values, producing errors that name the key and the job.
private struct JobSpecReader {
    let jobID: UUID?

    func error(_ code: JobSpecError.Code, _ key: String, _ message: String) -> JobSpecError {
        JobSpecError(code, key: key, message: message, jobID: jobID)
    }

    func wrongType(_ key: String, expected: String, got value: JSONValue) -> JobSpecError {
        error(.wrongType, key, "expected \(expected), got \(value.typeDescription)")
    }

    func rejectUnknownKeys(_ object: [String: JSONValue], known: Set<String>, prefix: String) throws(JobSpecError) {
        // Sorted so the error names the same key on every run.
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            let suggestion = known.sorted().first { editDistance($0, unknown) <= 2 }
            let hint = suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""
            throw error(.unknownKey, prefix + unknown, "unknown key\(hint); known keys: \(known.sorted().joined(separator: ", "))")
        }
    }

    func string(_ value: JSONValue, key: String) throws(JobSpecError) -> String {
        guard case .string(let text) = value else { throw wrongType(key, expected: "a string", got: value) }
        return text
    }

    func bool(_ value: JSONValue, key: String) throws(JobSpecError) -> Bool {
        guard case .bool(let flag) = value else { throw wrongType(key, expected: "true or false", got: value) }
        return flag
    }

    func integer(_ value: JSONValue, key: String) throws(JobSpecError) -> Int64 {
        guard case .integer(let number) = value else { throw wrongType(key, expected: "an integer", got: value) }
        return number
    }

    func uuid(_ value: JSONValue, key: String) throws(JobSpecError) -> UUID {
        let text = try string(value, key: key)
        guard let id = UUID(uuidString: text) else {
            throw error(.invalidValue, key, "\"\(text)\" is not a UUID")
        }
        return id
    }

    func array(_ value: JSONValue, key: String) throws(JobSpecError) -> [JSONValue] {
        guard case .array(let items) = value else { throw wrongType(key, expected: "an array", got: value) }
        return items
    }

    func uuids(_ value: JSONValue, key: String) throws(JobSpecError) -> [UUID] {
        var ids: [UUID] = []
        for (index, item) in try array(value, key: key).enumerated() {
            ids.append(try uuid(item, key: "\(key)[\(index)]"))
        }
        return ids
    }

    func strings(_ value: JSONValue, key: String) throws(JobSpecError) -> [String] {
        var texts: [String] = []
        for (index, item) in try array(value, key: key).enumerated() {
            texts.append(try string(item, key: "\(key)[\(index)]"))
        }
        return texts
    }

    func stringMap(_ value: JSONValue, key: String) throws(JobSpecError) -> [String: String] {
        guard case .object(let fields) = value else { throw wrongType(key, expected: "an object of strings", got: value) }
        var map: [String: String] = [:]
        for name in fields.keys.sorted() {
            let path = "\(key).\(name)"
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 < 128 && isAlphanumeric($0)) }),
                  let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
                throw error(.invalidValue, path, "is not a variable name (letters, digits and _, not starting with a digit)")
            }
            map[name] = try string(fields[name]!, key: path)
        }
        return map
    }

    /// `"all"`, `"none"` (when allowed) or an array of UUIDs.
    func selection(_ value: JSONValue, key: String, allowNone: Bool) throws(JobSpecError) -> JobSpec.Selection {
        switch value {
        case .string("all"): return .all
        case .string("none") where allowNone: return .none
        case .string(let other):
            let choices = allowNone ? "\"all\", \"none\" or an array of ids" : "\"all\" or an array of ids"
            throw error(.invalidValue, key, "must be \(choices), not \"\(other)\"")
        case .array: return .ids(try uuids(value, key: key))
        default:
            throw wrongType(key, expected: allowNone ? "\"all\", \"none\" or an array" : "\"all\" or an array", got: value)
        }
    }

    func seed(_ value: JSONValue) throws(JobSpecError) -> UInt64 {
        UInt64(bitPattern: try integer(value, key: "seed"))
    }

    /// `false`, `true`, or an object of `LinkOptions` keys.
    func links(_ value: JSONValue) throws(JobSpecError) -> LinkOptions {
        var options = LinkOptions()
        switch value {
        case .bool(let flag):
            options.enabled = flag
            return options
        case .object(let fields):
            try rejectUnknownKeys(fields, known: JobSpec.knownLinkKeys, prefix: "links.")
            if let raw = fields["enabled"] { options.enabled = try bool(raw, key: "links.enabled") }
            if let raw = fields["anchor"] {
                let name = try string(raw, key: "links.anchor")
                guard let anchor = InternalLinker.Anchor(rawValue: name) else {
                    throw error(.invalidValue, "links.anchor", "must be \"text\" or \"anchor_text\", not \"\(name)\"")
                }
                options.anchor = anchor
            }
            for (key, path) in [("max_per_article", \LinkOptions.maxPerArticle), ("related", \LinkOptions.related)] {
                guard let raw = fields[key] else { continue }
                let number = try integer(raw, key: "links.\(key)")
                let lowest = key == "related" ? 0 : 1
                guard number >= lowest, number <= LinkOptions.limit else {
                    throw error(.invalidValue, "links.\(key)", "must be between \(lowest) and \(LinkOptions.limit), not \(number)")
                }
                options[keyPath: path] = Int(number)
            }
            return options
        default:
            throw wrongType("links", expected: "true, false or an object", got: value)
        }
    }

    func geo(_ value: JSONValue) throws(JobSpecError) -> JobSpec.GeoFilter {
        guard case .object(let fields) = value else { throw wrongType("geo", expected: "an object", got: value) }
        try rejectUnknownKeys(fields, known: JobSpec.knownGeoKeys, prefix: "geo.")
        var filter = JobSpec.GeoFilter()
        if let raw = fields["source"] {
            let name = try string(raw, key: "geo.source")
            guard let source = JobSpec.GeoSource(rawValue: name) else {
                let names = JobSpec.GeoSource.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(.invalidValue, "geo.source", "\"\(name)\" is not one of \(names)")
            }
            filter.source = source
        }
        if let raw = fields["states"] { filter.states = try strings(raw, key: "geo.states") }
        if let raw = fields["ids"] { filter.ids = try uuids(raw, key: "geo.ids") }
        if let raw = fields["min_population"] { filter.minPopulation = try integer(raw, key: "geo.min_population") }
        if let raw = fields["max_population"] { filter.maxPopulation = try integer(raw, key: "geo.max_population") }
        if let low = filter.minPopulation, let high = filter.maxPopulation, low > high {
            throw error(.invalidValue, "geo.max_population", "\(high) is below min_population \(low)")
        }
        if let raw = fields["limit"] {
            let limit = try integer(raw, key: "geo.limit")
            guard limit > 0, limit <= Int64(Int32.max) else {
                throw error(.invalidValue, "geo.limit", "must be a positive integer, not \(limit)")
            }
            filter.limit = Int(limit)
        }
        return filter
    }
}

private func isAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
}

/// Levenshtein distance over UTF-8 bytes, for did-you-mean hints on short keys.
private func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8), y = Array(b.utf8)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = previous
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}
