/// An error of the spintax engine: a rejected template, a bad schema or binding, or a batch that cannot
/// be made unique.
public struct SpintaxError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. Extensible: new codes may be added.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable string, e.g. "E_CAPACITY".
        public let rawValue: String
        /// Creates a code from its stable string.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// Strict parsing reported errors; see ``SpintaxError/diagnostics``.
        public static let invalidTemplate = Code(rawValue: "E_TEMPLATE")
        /// Two schema names differ only in case.
        public static let invalidSchema = Code(rawValue: "E_SCHEMA")
        /// A binding leaves a referenced variable unbound or empty outside a conditional (R001).
        public static let unboundVariable = Code(rawValue: "R001")
        /// The template has fewer top-level variants than the batch needs.
        public static let capacity = Code(rawValue: "E_CAPACITY")
        /// The key space needed for the batch exceeds 2^62; lower the quantity.
        public static let keySpaceTooLarge = Code(rawValue: "E_KEYSPACE")
        /// Two outputs of a unique batch are byte-identical (ambiguous template).
        public static let collision = Code(rawValue: "E_COLLISION")
    }

    /// What went wrong.
    public var code: Code
    /// One line for humans.
    public var message: String
    /// The findings behind the error, sorted by (line, column, code); may be empty.
    public var diagnostics: [Diagnostic]
    /// For ``Code/collision``: the two article indices that rendered the same bytes.
    public var collidingIndices: (first: UInt64, second: UInt64)?

    /// Creates an error.
    public init(
        code: Code, message: String, diagnostics: [Diagnostic] = [],
        collidingIndices: (first: UInt64, second: UInt64)? = nil
    ) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
        self.collidingIndices = collidingIndices
    }

    /// "CODE: message".
    public var description: String { "\(code): \(message)" }
}
