/// A configuration the daemon refuses: names the setting and where its value came from (the CLI
/// exits 78 with this message).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What kind of mistake it is; extensible. The message says what is wrong; the code is for callers.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable string, e.g. `E_CONFIG_VALUE`.
        public let rawValue: String
        /// Creates a code from its stable string.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// A value of the wrong type or out of range.
        public static let invalidValue = Code(rawValue: "E_CONFIG_VALUE")
        /// A key the file should not have (a typo, most likely).
        public static let unknownKey = Code(rawValue: "E_CONFIG_KEY")
        /// The file is missing, unreadable or not a JSON object.
        public static let unreadableFile = Code(rawValue: "E_CONFIG_FILE")
        /// Two settings that do not fit together.
        public static let inconsistent = Code(rawValue: "E_CONFIG_INCONSISTENT")
    }

    /// What kind of mistake it is.
    public var code: Code
    /// The setting (or file key) at fault; nil for a file that cannot be read at all.
    public var key: String?
    /// Where the bad value came from: `file /path`, `env CF_X`, `flag --x`.
    public var origin: String
    /// What is wrong, in a sentence.
    public var message: String

    /// Makes an error; pass `key: nil` only when the whole file is at fault.
    public init(_ code: Code, key: String?, origin: String, message: String) {
        self.code = code
        self.key = key
        self.origin = origin
        self.message = message
    }

    /// `configuration: KEY (from ORIGIN): MESSAGE`, or without the key for an unreadable file.
    public var description: String {
        if let key { return "configuration: \(key) (from \(origin)): \(message)" }
        return "configuration: \(origin): \(message)"
    }
}
