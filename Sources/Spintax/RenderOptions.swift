/// Per-render settings.
public struct RenderOptions: Sendable {
    /// Escape `& < > " '` in variable values (template text is never touched).
    public var escapeHTML: Bool

    /// Creates options; by default values are inserted as they are.
    public init(escapeHTML: Bool = false) {
        self.escapeHTML = escapeHTML
    }
}
