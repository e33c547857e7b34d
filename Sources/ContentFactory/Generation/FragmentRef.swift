import Foundation

/// One template an article's body used: which row, of which kind, in which section.
package struct FragmentRef: Sendable, Hashable, CustomStringConvertible {
    /// `.fragment` or `.offerBlock`.
    package var kind: TemplateKind
    /// The section: the fragment type, or `offer_block`.
    package var type: String
    /// The row's id (`content_fragments.id`, `offer_blocks.id`).
    package var id: UUID

    /// `fragment pillar_2 3f0c…` style: kind, section and full id.
    package var description: String { "\(kind) \(type) \(id.uuidString.lowercased())" }
}
