import Foundation

/// The template one body section of an article was rendered from.
public struct FragmentRef: Sendable, Hashable {
    /// The fragment type (the section), e.g. `intro_hook`, or `offer_block`.
    public var kind: String
    /// The fragment's or offer block's row id.
    public var id: UUID

    public init(kind: String, id: UUID) {
        self.kind = kind
        self.id = id
    }
}
