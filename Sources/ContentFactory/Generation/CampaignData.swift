import Foundation

/// Everything one job reads from the database, loaded once by `CampaignLoader` (Docs/Jobs.md#the-job-spec-filters).
/// Every list is in a stable order, so the plan and every article are reproducible.
public struct CampaignData: Sendable {
    public struct Campaign: Sendable, Hashable {
        public var id: UUID
        public var siteID: UUID?
        public var name: String
        public var headline: String?
        public var targetWordCount: Int
        public var locationMode: String?
    }

    public struct Site: Sendable, Hashable {
        public var id: UUID
        public var name: String
        public var url: String?
    }

    /// A template stored in a row: a fragment, a title pattern, an offer block, the campaign headline.
    public struct TemplateRow: Sendable, Hashable {
        /// `headline`, `pattern`, `fragment`, `offer_block`.
        public var kind: String
        public var id: UUID
        /// Readable, for diagnostics: `fragment pillar_2 #1`, `pattern "Cost guide"`.
        public var name: String
        /// The fragment type, for fragments.
        public var fragmentType: String?
        public var text: String
    }

    public struct Avatar: Sendable, Hashable {
        public var id: UUID
        public var baseName: String?
        public var wealthCluster: String?
        public var painPoints: [String]
        /// Top-level scalar keys of `demographics`, in key order, values as text.
        public var demographics: [(key: String, value: String)]

        public static func == (lhs: Avatar, rhs: Avatar) -> Bool {
            lhs.id == rhs.id && lhs.baseName == rhs.baseName && lhs.wealthCluster == rhs.wealthCluster
                && lhs.painPoints == rhs.painPoints && lhs.demographics.elementsEqual(rhs.demographics, by: ==)
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    public struct Variant: Sendable, Hashable {
        public var id: UUID
        public var name: String?
        public var promptModifier: String?
    }

    /// One place: a city, county, state, or `geo_intelligence` row.
    public struct GeoRow: Sendable, Hashable {
        public var id: UUID
        public var city: String?
        public var county: String?
        public var state: String?
        public var stateCode: String?
        public var population: Int64?
    }

    public var campaign: Campaign
    public var site: Site
    public var geoSource: JobSpec.GeoSource
    public var geo: [GeoRow]
    /// Empty means "no persona": one empty avatar dimension.
    public var avatars: [Avatar]
    /// Empty means "not crossed".
    public var variants: [Variant]
    /// Campaign headline first (when used), then patterns by name, id.
    public var titleTemplates: [TemplateRow]
    /// Every active fragment of the campaign, by type then id.
    public var fragments: [TemplateRow]
    public var offerBlocks: [TemplateRow]
    /// The site's active `link_targets` rows by id; empty when the job's links are off.
    public var linkTargets: [LinkTarget] = []
}
