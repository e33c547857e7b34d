/// One setting of the daemon: its key in the configuration file (the flag's name in snake case), its
/// environment variable and its default. The file, the environment and the flags all name the same
/// settings; `DaemonConfiguration` holds their validated values.
package enum Setting: String, CaseIterable, Sendable, Hashable, Comparable {
    case databaseURL = "database_url"
    case logLevel = "log_level"
    case http = "http"
    case concurrency = "concurrency"
    case companions = "companions"
    case leaseSeconds = "lease_seconds"
    case heartbeatSeconds = "heartbeat_seconds"
    case reaperSeconds = "reaper_seconds"
    case pollSeconds = "poll_seconds"
    case listenHealthSeconds = "listen_health_seconds"
    case shutdownTimeoutSeconds = "shutdown_timeout_seconds"
    case batchCapSeconds = "batch_cap_seconds"
    case retryBaseSeconds = "retry_base_seconds"
    case retryMaxSeconds = "retry_max_seconds"
    case listen = "listen"

    /// The type of value the setting takes.
    package enum Kind: Sendable, Hashable {
        case text, integer, seconds, boolean
    }

    /// The key in the JSON file.
    package var key: String { rawValue }

    /// The environment variable that overrides the file.
    package var environmentVariable: String {
        self == .databaseURL ? "DATABASE_URL" : "CF_" + rawValue.uppercased()
    }

    /// The command-line flag that overrides the environment (`listen` is turned off by `--no-listen`).
    package var flag: String {
        self == .listen ? "--no-listen" : "--" + rawValue.replacingUnderscores()
    }

    /// The type of value the setting takes, which decides how a value from the file or the environment is parsed and checked.
    package var kind: Kind {
        switch self {
        case .databaseURL, .logLevel, .http: .text
        case .concurrency, .companions: .integer
        case .listen: .boolean
        default: .seconds
        }
    }

    /// Whether `config check` redacts the value.
    package var isSecret: Bool { self == .databaseURL }

    /// Orders settings as they are declared (the order `config check` prints them in).
    package static func < (lhs: Setting, rhs: Setting) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
