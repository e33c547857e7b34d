/// Settings for ``Template/parse(_:options:)``.
public struct ParseOptions: Sendable {
    /// Strict rejects a template with any error (batch generation); lenient turns errors into warnings
    /// and renders the malformed bytes literally (previews, the editor).
    public enum Mode: Sendable {
        /// Any error rejects the template (`ParseResult.template` is `nil`).
        case strict
        /// Errors are reported as warnings and their bytes render as text.
        case lenient
    }

    /// Strict (default) or lenient.
    public var mode: Mode
    /// Declared variable names; `nil` means names are not checked (linting a lone file).
    public var schema: VariableSchema?
    /// At most this many findings are returned, in (line, column, code) order. Over the limit, errors
    /// are kept before warnings, and a final note (code N001, at the end of the template) says how many
    /// were left out.
    public var maxDiagnostics: Int
    /// Larger templates are rejected with E009. Values above 1 GiB are treated as 1 GiB.
    public var maxTemplateBytes: Int

    /// Creates options with the documented defaults (Docs/Templates.md#input-positions-and-limits): 100 diagnostics, 16 MiB.
    public init(mode: Mode = .strict, schema: VariableSchema? = nil) {
        self.mode = mode
        self.schema = schema
        self.maxDiagnostics = 100
        self.maxTemplateBytes = 16 << 20
    }
}
