import ContentFactory
import Logging

/// The daemon's settings after the file, the environment and the flags were merged and validated:
/// one value, built once at start.
public struct DaemonConfiguration: Sendable {
    /// A setting's effective value as `config check` prints it.
    public struct Entry: Sendable, Hashable {
        /// The value, redacted for secrets; `.null` when unset.
        public var value: JSONValue
        /// Which layer (default, file, environment or flag) the value came from.
        public var source: SettingSource
    }

    /// Timing and capacity.
    public var queue = QueueSettings()
    /// The libpq connection string; nil lets libpq read its `PG*` variables.
    public var databaseURL: String?
    /// The minimum level the daemon logs at.
    public var logLevel: Logger.Level = .info
    /// Where to serve `/metrics`, `/healthz` and the status page; nil: no HTTP listener.
    public var http: ListenAddress?
    /// The configuration file that was read, if any.
    public var file: String?
    /// Every setting's effective value and source.
    public var entries: [Setting: Entry] = [:]

    /// The defaults, before any file, environment or flag is applied.
    public init() {}

    /// `config check --json`: one object keyed by setting name, each `{"value": …, "source": …}`.
    public var reportJSON: JSONValue {
        var object: [String: JSONValue] = [:]
        for (setting, entry) in entries {
            object[setting.key] = .object(["value": entry.value, "source": .string(entry.source.rawValue)])
        }
        return .object(object)
    }

    /// `config check`: one line per setting, `key = value (source)`.
    public var reportText: String {
        var lines = ["file: " + (file ?? "none")]
        for setting in Setting.allCases {
            guard let entry = entries[setting] else { continue }
            lines.append("\(setting.key) = \(JSONText.encode(entry.value)) (\(entry.source.rawValue))")
        }
        return lines.joined(separator: "\n")
    }
}
