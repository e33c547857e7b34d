/// `filters.links`: whether and how a job puts internal links into its articles.
///
/// Absent, the job links when its site has active `link_targets` rows; `false` or
/// `{"enabled": false}` turns linking off; `true` or an object turns it on with the defaults below
/// (a site without active rows has nothing to link either way).
package struct LinkOptions: Sendable, Hashable {
    /// Nil: decided by the site (on when it has active `link_targets` rows).
    package var enabled: Bool?
    /// `filters.links.anchor`: what the link text is (the article's own words by default).
    package var anchor: InternalLinker.Anchor = .text
    /// Links to `link_targets` per article, at most one per target.
    package var maxPerArticle = 3
    /// Links to other articles of the same job, in a "Related" list after the body.
    package var related = 0

    /// The defaults.
    package init() {}

    /// The largest `max_per_article` and `related` accepted: more links than that is a link farm.
    package static let limit = 20
}
