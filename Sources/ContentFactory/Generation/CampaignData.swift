import Foundation

/// Everything one job reads from the database, loaded once by `CampaignLoader` (Docs/Jobs.md#the-job-spec-filters).
/// Every list is in a stable order, so the plan and every article are reproducible.
package struct CampaignData: Sendable {
    /// The job's `campaign_masters` row.
    package struct Campaign: Sendable, Hashable {
        /// The campaign's id.
        package var id: UUID
        /// The campaign's own site; a job's `site_id` takes precedence.
        package var siteID: UUID?
        /// The campaign's name ("" when NULL).
        package var name: String
        /// `headline_spintax_root`: the campaign headline template, tried first as a title template.
        package var headline: String?
        /// `target_word_count` (1500 when NULL); articles under 80% of it are counted in the batch summary.
        package var targetWordCount: Int
        /// `location_mode` as stored.
        package var locationMode: String?
    }

    /// The `sites` row the articles are written for.
    package struct Site: Sendable, Hashable {
        /// The site's id, written into every article row.
        package var id: UUID
        /// The site's name: the schema.org publisher ("" when NULL).
        package var name: String
        /// The site's base URL, for the schema.org page URL; nil leaves the page URL out.
        package var url: String?
    }

    /// A template stored in a row: a fragment, a title pattern, an offer block, the campaign headline.
    package struct TemplateRow: Sendable, Hashable {
        /// Which kind of row holds the template.
        package var kind: TemplateKind
        /// The row's id.
        package var id: UUID
        /// Readable, for diagnostics: `fragment pillar_2 #1`, `pattern "Cost guide"`.
        package var name: String
        /// The fragment type, for fragments.
        package var fragmentType: String?
        /// The template source (spintax, or HTML for offer blocks); "" when NULL.
        package var text: String
    }

    /// One `avatar_intelligence` row: the persona an article is written for.
    package struct Avatar: Sendable, Hashable {
        /// The row's id.
        package var id: UUID
        /// The persona's name: `{Avatar}`, the schema.org audience, and a masked term for similarity.
        package var baseName: String?
        /// The persona's wealth cluster, bound to `{Wealth_Cluster}`.
        package var wealthCluster: String?
        /// `pain_points` in stored order; an article draws one as `{Pain_Point}`.
        package var painPoints: [String]
        /// Top-level scalar keys of `demographics`, in key order, values as text.
        package var demographics: [(key: String, value: String)]

        /// Compares every field; `demographics` is an array of pairs, so it cannot be synthesised.
        package static func == (lhs: Avatar, rhs: Avatar) -> Bool {
            lhs.id == rhs.id && lhs.baseName == rhs.baseName && lhs.wealthCluster == rhs.wealthCluster
                && lhs.painPoints == rhs.painPoints && lhs.demographics.elementsEqual(rhs.demographics, by: ==)
        }

        /// Hashes the id only (consistent with `==`: equal avatars have equal ids).
        package func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    /// One `avatar_variants` row: a dimension of the plan crossed with the personas.
    package struct Variant: Sendable, Hashable {
        /// The row's id.
        package var id: UUID
        /// The variant's name, bound to `{Variant}`.
        package var name: String?
        /// Extra wording for the variant, bound to `{Prompt_Modifier}`.
        package var promptModifier: String?
    }

    /// One place: a city, county, state, or `geo_intelligence` row.
    package struct GeoRow: Sendable, Hashable {
        /// The row's id (city, county, state or `geo_intelligence`, per `geoSource`).
        package var id: UUID
        /// The city; nil for county and state rows.
        package var city: String?
        /// The county; nil for state and `geo_intelligence` rows.
        package var county: String?
        /// The state's name.
        package var state: String?
        /// The state's code, when known.
        package var stateCode: String?
        /// Population (a state's is its counties' sum); rows are ordered largest first.
        package var population: Int64?
    }

    /// The campaign row.
    package var campaign: Campaign
    /// The site the job writes for (the job's, else the campaign's).
    package var site: Site
    /// Which table the places come from.
    package var geoSource: JobSpec.GeoSource
    /// The places, largest population first, filtered by the job's geo filter.
    package var geo: [GeoRow]
    /// Empty means "no persona": one empty avatar dimension.
    package var avatars: [Avatar]
    /// Empty means "not crossed".
    package var variants: [Variant]
    /// Campaign headline first (when used), then patterns by name, id.
    package var titleTemplates: [TemplateRow]
    /// Every active fragment of the campaign, by type then id.
    package var fragments: [TemplateRow]
    /// Offer blocks the job uses, by name then id.
    package var offerBlocks: [TemplateRow]
    /// The site's active `link_targets` rows by id; empty when the job's links are off.
    package var linkTargets: [LinkTarget] = []
}
