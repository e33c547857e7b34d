import Foundation

/// Everything one job reads from the database, loaded once by `CampaignLoader` (Docs/Jobs.md#the-job-spec-filters).
/// Every list is in a stable order, so the plan and every article are reproducible.
public struct CampaignData: Sendable {
    /// The job's `campaign_masters` row.
    public struct Campaign: Sendable, Hashable {
        /// The campaign's id.
        public var id: UUID
        /// The campaign's own site; a job's `site_id` takes precedence.
        public var siteID: UUID?
        /// The campaign's name ("" when NULL).
        public var name: String
        /// `headline_spintax_root`: the campaign headline template, tried first as a title template.
        public var headline: String?
        /// `target_word_count` (1500 when NULL); articles under 80% of it are counted in the batch summary.
        public var targetWordCount: Int
        /// `location_mode` as stored.
        public var locationMode: String?
    }

    /// The `sites` row the articles are written for.
    public struct Site: Sendable, Hashable {
        /// The site's id, written into every article row.
        public var id: UUID
        /// The site's name: the schema.org publisher ("" when NULL).
        public var name: String
        /// The site's base URL, for the schema.org page URL; nil leaves the page URL out.
        public var url: String?
    }

    /// A template stored in a row: a fragment, a title pattern, an offer block, the campaign headline.
    public struct TemplateRow: Sendable, Hashable {
        /// Which kind of row holds the template.
        public var kind: TemplateKind
        /// The row's id.
        public var id: UUID
        /// Readable, for diagnostics: `fragment pillar_2 #1`, `pattern "Cost guide"`.
        public var name: String
        /// The fragment type, for fragments.
        public var fragmentType: String?
        /// The template source (spintax, or HTML for offer blocks); "" when NULL.
        public var text: String
    }

    /// One `avatar_intelligence` row: the persona an article is written for.
    public struct Avatar: Sendable, Hashable {
        /// The row's id.
        public var id: UUID
        /// The persona's name: `{Avatar}`, the schema.org audience, and a masked term for similarity.
        public var baseName: String?
        /// The persona's wealth cluster, bound to `{Wealth_Cluster}`.
        public var wealthCluster: String?
        /// `pain_points` in stored order; an article draws one as `{Pain_Point}`.
        public var painPoints: [String]
        /// Top-level scalar keys of `demographics`, in key order, values as text.
        public var demographics: [(key: String, value: String)]

        /// Compares every field; `demographics` is an array of pairs, so it cannot be synthesised.
        public static func == (lhs: Avatar, rhs: Avatar) -> Bool {
            lhs.id == rhs.id && lhs.baseName == rhs.baseName && lhs.wealthCluster == rhs.wealthCluster
                && lhs.painPoints == rhs.painPoints && lhs.demographics.elementsEqual(rhs.demographics, by: ==)
        }

        /// Hashes the id only (consistent with `==`: equal avatars have equal ids).
        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    /// One `avatar_variants` row: a dimension of the plan crossed with the personas.
    public struct Variant: Sendable, Hashable {
        /// The row's id.
        public var id: UUID
        /// The variant's name, bound to `{Variant}`.
        public var name: String?
        /// Extra wording for the variant, bound to `{Prompt_Modifier}`.
        public var promptModifier: String?
    }

    /// One place: a city, county, state, or `geo_intelligence` row.
    public struct GeoRow: Sendable, Hashable {
        /// The row's id (city, county, state or `geo_intelligence`, per `geoSource`).
        public var id: UUID
        /// The city; nil for county and state rows.
        public var city: String?
        /// The county; nil for state and `geo_intelligence` rows.
        public var county: String?
        /// The state's name.
        public var state: String?
        /// The state's code, when known.
        public var stateCode: String?
        /// Population (a state's is its counties' sum); rows are ordered largest first.
        public var population: Int64?
    }

    /// The campaign row.
    public var campaign: Campaign
    /// The site the job writes for (the job's, else the campaign's).
    public var site: Site
    /// Which table the places come from.
    public var geoSource: JobSpec.GeoSource
    /// The places, largest population first, filtered by the job's geo filter.
    public var geo: [GeoRow]
    /// Empty means "no persona": one empty avatar dimension.
    public var avatars: [Avatar]
    /// Empty means "not crossed".
    public var variants: [Variant]
    /// Campaign headline first (when used), then patterns by name, id.
    public var titleTemplates: [TemplateRow]
    /// Every active fragment of the campaign, by type then id.
    public var fragments: [TemplateRow]
    /// Offer blocks the job uses, by name then id.
    public var offerBlocks: [TemplateRow]
    /// The site's active `link_targets` rows by id; empty when the job's links are off.
    public var linkTargets: [LinkTarget] = []
}
