import Configuration
import ContentFactory
import Foundation
import Logging

/// Merges the configuration file, the environment and the flags (each overriding the one before, over
/// the defaults) with swift-configuration's providers, and validates the result once.
///
/// The file is one JSON object whose keys are `Setting` keys; any other key is refused (a typo must not
/// silently fall back to a default).
package struct ConfigurationLoader: Sendable {
    /// Read when no file is named and it exists.
    package static let defaultFile = "/etc/content-factory/config.json"

    /// A value given on the command line.
    package enum FlagValue: Sendable, Hashable {
        case text(String), integer(Int), seconds(Double), boolean(Bool)
    }

    /// The file named by `--config` or `CF_CONFIG`; nil: `defaultFile` when it exists.
    package var file: String?
    /// The process environment (only `DATABASE_URL` and `CF_*` are read).
    package var environment: [String: String]
    /// Values given as command-line flags; they override the file and the environment.
    package var flags: [Setting: FlagValue]

    /// Holds the inputs; nothing is read until the configuration is loaded.
    package init(file: String?, environment: [String: String], flags: [Setting: FlagValue] = [:]) {
        self.file = file
        self.environment = environment
        self.flags = flags
    }

    /// Loads and validates.
    ///
    /// - Throws: `ConfigurationError` naming the key and the source of the first bad value.
    package func load() throws -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        let layers = try makeLayers(&configuration)
        for setting in Setting.allCases {
            var found: (value: ConfigContent, source: SettingSource, origin: String)?
            for layer in layers {
                let result: LookupResult
                do {
                    result = try layer.provider.value(forKey: layer.key(setting), type: Self.type(of: setting))
                } catch {
                    throw ConfigurationError(.invalidValue, key: setting.key, origin: layer.origin(setting),
                                             message: "expected \(Self.expectation(of: setting))")
                }
                if let value = result.value {
                    found = (value.content, layer.source, layer.origin(setting))
                    break
                }
            }
            if let found {
                try apply(found.value, to: setting, origin: found.origin, &configuration)
            }
            configuration.entries[setting] = DaemonConfiguration.Entry(
                value: Self.display(setting, configuration), source: found?.source ?? .default)
        }
        try checkCombinations(configuration)
        do {
            try configuration.queue.validate()
        } catch let invalid as QueueSettings.Invalid {
            throw ConfigurationError(.inconsistent, key: nil, origin: "settings", message: invalid.description)
        }
        return configuration
    }

    // MARK: - Layers

    private struct Layer {
        var provider: any ConfigSnapshot
        var source: SettingSource
        var origin: (Setting) -> String
        var key: (Setting) -> AbsoluteConfigKey
    }

    /// Flag, env, file: the first that has a value wins.
    private func makeLayers(_ configuration: inout DaemonConfiguration) throws -> [Layer] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (setting, flag) in flags {
            let content: ConfigContent = switch flag {
            case .text(let text): .string(text)
            case .integer(let value): .int(value)
            case .seconds(let value): .double(value)
            case .boolean(let value): .bool(value)
            }
            values[AbsoluteConfigKey([setting.key])] = ConfigValue(content, isSecret: setting.isSecret)
        }
        let flagLayer = Layer(provider: InMemoryProvider(name: "flags", values: values).snapshot(), source: .flag,
                              origin: { "flag \($0.flag)" }, key: { AbsoluteConfigKey([$0.key]) })
        // An empty variable counts as unset, as a systemd EnvironmentFile line `CF_X=` intends.
        let variables = environment.filter { !$0.value.isEmpty }
        let environmentLayer = Layer(
            provider: EnvironmentVariablesProvider(environmentVariables: variables, secretsSpecifier: .specific(["DATABASE_URL"])).snapshot(),
            source: .env, origin: { "env \($0.environmentVariable)" },
            // The provider upper-cases and joins components with "_": one lower-case component is the name.
            key: { AbsoluteConfigKey([$0.environmentVariable.lowercased()]) })
        var layers = [flagLayer, environmentLayer]
        if let path = resolvedFile() {
            configuration.file = path
            layers.append(Layer(provider: try fileSnapshot(path), source: .file, origin: { _ in "file \(path)" },
                                key: { AbsoluteConfigKey([$0.key]) }))
        }
        return layers
    }

    private func resolvedFile() -> String? {
        if let file, !file.isEmpty { return file }
        return FileManager.default.fileExists(atPath: Self.defaultFile) ? Self.defaultFile : nil
    }

    /// Reads the file, checks it is one object of known keys (with line and column for a syntax error),
    /// and hands its bytes to swift-configuration's JSON snapshot.
    private func fileSnapshot(_ path: String) throws -> any ConfigSnapshot {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(.unreadableFile, key: nil, origin: "file \(path)", message: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: text)
        } catch let error as JSONValue.ParseError {
            let (line, column) = Self.lineAndColumn(of: error.offset, in: data)
            throw ConfigurationError(.unreadableFile, key: nil, origin: "file \(path):\(line):\(column)", message: error.reason)
        }
        guard case .object(let object) = parsed else {
            throw ConfigurationError(.unreadableFile, key: nil, origin: "file \(path)", message: "expected one JSON object of settings")
        }
        let known = Set(Setting.allCases.map(\.key))
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(.unknownKey, key: unknown, origin: "file \(path)",
                                     message: "not a setting (known: \(Setting.allCases.map(\.key).joined(separator: ", ")))")
        }
        let bytes = [UInt8](data)
        do {
            return try JSONSnapshot(data: bytes.span.bytes, providerName: "file",
                                    parsingOptions: .init(secretsSpecifier: .specific(["database_url"])))
        } catch {
            throw ConfigurationError(.unreadableFile, key: nil, origin: "file \(path)", message: "\(error)")
        }
    }

    private static func lineAndColumn(of offset: Int, in data: Data) -> (Int, Int) {
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    // MARK: - Values

    private static func type(of setting: Setting) -> ConfigType {
        switch setting.kind {
        case .text: .string
        case .integer: .int
        case .seconds: .double
        case .boolean: .bool
        }
    }

    private static func expectation(of setting: Setting) -> String {
        switch setting {
        case .concurrency: "an integer from 1 to 256"
        case .companions: "an integer from 0 to 1000"
        case .listen: "true or false (1 or 0 in the environment)"
        case .http: "ADDRESS:PORT, e.g. 127.0.0.1:9400"
        case .logLevel: "trace, debug, info, notice, warning, error or critical"
        case .databaseURL: "a PostgreSQL URI or conninfo string"
        case .shutdownTimeoutSeconds: "a number of seconds, 0 or more"
        default: "a positive number of seconds"
        }
    }

    private func apply(_ content: ConfigContent, to setting: Setting, origin: String,
                       _ configuration: inout DaemonConfiguration) throws {
        func invalid(_ shown: String) -> ConfigurationError {
            ConfigurationError(.invalidValue, key: setting.key, origin: origin,
                               message: "\(shown) is not \(Self.expectation(of: setting))")
        }
        switch (setting, content) {
        case (.databaseURL, .string(let text)):
            configuration.databaseURL = text.isEmpty ? nil : text
        case (.logLevel, .string(let text)):
            guard let level = Logger.Level(rawValue: text.lowercased()) else { throw invalid("'\(text)'") }
            configuration.logLevel = level
        case (.http, .string(let text)):
            if text.isEmpty || text == "off" {
                configuration.http = nil
            } else {
                guard let address = ListenAddress(text) else { throw invalid("'\(text)'") }
                configuration.http = address
            }
        case (.concurrency, .int(let value)):
            guard (1...256).contains(value) else { throw invalid("\(value)") }
            configuration.queue.concurrency = value
        case (.companions, .int(let value)):
            guard (0...1000).contains(value) else { throw invalid("\(value)") }
            configuration.queue.companions = value
        case (.listen, .bool(let value)):
            configuration.queue.listens = value
        case (_, .double(let value)):
            let allowsZero = setting == .shutdownTimeoutSeconds
            guard value.isFinite, allowsZero ? value >= 0 : value > 0, let duration = Duration.seconds(exactly: value) else {
                throw invalid("\(value)")
            }
            configuration.queue[keyPath: Self.keyPath(of: setting)] = duration
        default:
            throw invalid("\(content)")
        }
    }

    private static func keyPath(of setting: Setting) -> WritableKeyPath<QueueSettings, Duration> {
        switch setting {
        case .leaseSeconds: \.lease
        case .heartbeatSeconds: \.heartbeatInterval
        case .reaperSeconds: \.reaperInterval
        case .pollSeconds: \.pollInterval
        case .listenHealthSeconds: \.listenHealthInterval
        case .shutdownTimeoutSeconds: \.softShutdownTimeout
        case .batchCapSeconds: \.batchTimeCap
        case .retryBaseSeconds: \.retryBaseDelay
        default: \.retryMaxDelay
        }
    }

    private static func display(_ setting: Setting, _ configuration: DaemonConfiguration) -> JSONValue {
        switch setting {
        case .databaseURL:
            return configuration.databaseURL == nil ? .null : .string("<redacted>")
        case .logLevel: return .string(configuration.logLevel.rawValue)
        case .http: return configuration.http.map { .string($0.description) } ?? .null
        case .concurrency: return .integer(Int64(configuration.queue.concurrency))
        case .companions: return .integer(Int64(configuration.queue.companions))
        case .listen: return .bool(configuration.queue.listens)
        default:
            let seconds = configuration.queue[keyPath: keyPath(of: setting)].seconds
            return seconds == seconds.rounded() && abs(seconds) < 1e15 ? .integer(Int64(seconds)) : .number(seconds)
        }
    }

    /// Rules that involve two settings, named with their sources.
    private func checkCombinations(_ configuration: DaemonConfiguration) throws {
        let queue = configuration.queue
        if queue.lease < queue.heartbeatInterval * 2 {
            let lease = configuration.entries[.leaseSeconds]?.source ?? .default
            let heartbeat = configuration.entries[.heartbeatSeconds]?.source ?? .default
            throw ConfigurationError(
                .inconsistent, key: "lease_seconds", origin: "\(lease.rawValue); heartbeat_seconds from \(heartbeat.rawValue)",
                message: "the lease (\(queue.lease.seconds) s) must be at least two heartbeats (\(queue.heartbeatInterval.seconds) s); three or more is advised")
        }
        if queue.retryMaxDelay < queue.retryBaseDelay {
            throw ConfigurationError(.inconsistent, key: "retry_max_seconds", origin: (configuration.entries[.retryMaxSeconds]?.source ?? .default).rawValue,
                                     message: "must not be below retry_base_seconds (\(queue.retryBaseDelay.seconds) s)")
        }
    }
}
