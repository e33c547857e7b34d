import ContentFactory
import Logging

/// The daemon's settings after the file, the environment and the flags were merged and validated:
/// one value, built once at start.
package struct DaemonConfiguration: Sendable {
    /// A setting's effective value as `config check` prints it.
    package struct Entry: Sendable, Hashable {
        /// The value, redacted for secrets; `.null` when unset.
        package var value: JSONValue
        /// Which layer (default, file, environment or flag) the value came from.
        package var source: SettingSource
    }

    /// Timing and capacity.
    package var queue = QueueSettings()
    /// The libpq connection string; nil lets libpq read its `PG*` variables.
    package var databaseURL: String?
    /// The minimum level the daemon logs at.
    package var logLevel: Logger.Level = .info
    /// Where to serve `/metrics`, `/healthz` and the status page; nil: no HTTP listener.
    package var http: ListenAddress?
    /// The configuration file that was read, if any.
    package var file: String?
    /// Every setting's effective value and source.
    package var entries: [Setting: Entry] = [:]

    /// The defaults, before any file, environment or flag is applied.
    package init() {}

    /// `config check --json`: one object keyed by setting name, each `{"value": …, "source": …}`.
    package var reportJSON: JSONValue {
        var object: [String: JSONValue] = [:]
        for (setting, entry) in entries {
            object[setting.key] = .object(["value": entry.value, "source": .string(entry.source.rawValue)])
        }
        return .object(object)
    }

    /// `config check`: one line per setting, `key = value (source)`.
    package var reportText: String {
        var lines = ["file: " + (file ?? "none")]
        for setting in Setting.allCases {
            guard let entry = entries[setting] else { continue }
            lines.append("\(setting.key) = \(JSONText.encode(entry.value)) (\(entry.source.rawValue))")
        }
        return lines.joined(separator: "\n")
    }
}
