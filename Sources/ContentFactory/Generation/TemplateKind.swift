/// Which kind of row a template comes from. The raw values are what `work_log` diagnostics
/// (`template_kind`) and `FragmentRef.description` show.
package enum TemplateKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The campaign's `headline_spintax_root`.
    case headline
    /// A `headline_patterns` row.
    case pattern
    /// A `content_fragments` row (one section of the body).
    case fragment
    /// An `offer_blocks` row (HTML, the body's offer section).
    case offerBlock = "offer_block"

    /// Whether the template makes a title (its output is never wrapped in paragraphs).
    package var isTitle: Bool { self == .headline || self == .pattern }

    /// The raw value.
    package var description: String { rawValue }
}
