/// One finding of the parser, linter or binding check, with its position in the original source.
///
/// Positions are 1-based `line:column` where the column counts Unicode scalar values (a tab and a
/// combining mark count 1 each); `byteOffset` and `length` are 0-based UTF-8 offsets into the original
/// bytes, a leading BOM included.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How serious a diagnostic is. In lenient mode every error is reported as a warning.
    public enum Severity: String, Sendable, Codable {
        /// The template or a binding is wrong (an `E…` or `R…` code); strict parsing rejects the template.
        case error
        /// The template parses but probably does not say what its author meant (a `W…` code).
        case warning
        /// Information, such as how many diagnostics were left out (`N001`).
        case note
    }

    /// Error, warning or note (errors are warnings in lenient mode).
    public var severity: Severity
    /// The stable code: "E002", "W101", "R001", ...
    public var code: String
    /// One line for humans.
    public var message: String
    /// 1-based line of the start.
    public var line: Int
    /// 1-based column of the start, in Unicode scalars.
    public var column: Int
    /// 1-based line just past the end.
    public var endLine: Int
    /// 1-based column just past the end, in Unicode scalars.
    public var endColumn: Int
    /// 0-based UTF-8 byte offset of the start in the original source (BOM included).
    public var byteOffset: Int
    /// Length in UTF-8 bytes.
    public var length: Int
    /// Other positions that explain this one, e.g. where the template ends for an unclosed `{`.
    public var related: [RelatedLocation] = []
}

/// A secondary position attached to a ``Diagnostic``.
public struct RelatedLocation: Sendable, Hashable, Codable {
    /// What this location is.
    public var message: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int
    /// 0-based UTF-8 byte offset in the original source.
    public var byteOffset: Int
}
