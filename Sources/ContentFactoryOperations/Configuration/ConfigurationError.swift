/// A configuration the daemon refuses: names the setting and where its value came from (the CLI
/// exits 78 with this message).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What kind of mistake it is; `description` is the phrase printed in the message.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The human-readable name of the code (`invalid value`, …).
        public let description: String
        /// A value of the wrong type or out of range.
        public static let invalidValue = Code(description: "invalid value")
        /// A key the file should not have (a typo, most likely).
        public static let unknownKey = Code(description: "unknown key")
        /// The file is missing, unreadable or not a JSON object.
        public static let unreadableFile = Code(description: "unreadable file")
        /// Two settings that do not fit together.
        public static let inconsistent = Code(description: "inconsistent settings")
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
