/// A configuration the daemon refuses: names the setting and where its value came from (the CLI
/// exits 78 with this message).
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What kind of mistake it is; extensible. The message says what is wrong; the code is for callers.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable string, e.g. `E_CONFIG_VALUE`.
        package let rawValue: String
        /// Creates a code from its stable string.
        package init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        package var description: String { rawValue }

        /// A value of the wrong type or out of range.
        package static let invalidValue = Code(rawValue: "E_CONFIG_VALUE")
        /// A key the file should not have (a typo, most likely).
        package static let unknownKey = Code(rawValue: "E_CONFIG_KEY")
        /// The file is missing, unreadable or not a JSON object.
        package static let unreadableFile = Code(rawValue: "E_CONFIG_FILE")
        /// Two settings that do not fit together.
        package static let inconsistent = Code(rawValue: "E_CONFIG_INCONSISTENT")
    }

    /// What kind of mistake it is.
    package var code: Code
    /// The setting (or file key) at fault; nil for a file that cannot be read at all.
    package var key: String?
    /// Where the bad value came from: `file /path`, `env CF_X`, `flag --x`.
    package var origin: String
    /// What is wrong, in a sentence.
    package var message: String

    /// Makes an error; pass `key: nil` only when the whole file is at fault.
    package init(_ code: Code, key: String?, origin: String, message: String) {
        self.code = code
        self.key = key
        self.origin = origin
        self.message = message
    }

    /// `configuration: KEY (from ORIGIN): MESSAGE`, or without the key for an unreadable file.
    package var description: String {
        if let key { return "configuration: \(key) (from \(origin)): \(message)" }
        return "configuration: \(origin): \(message)"
    }
}
