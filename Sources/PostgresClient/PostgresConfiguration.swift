import CLibPQ
import Foundation

/// How to reach a PostgreSQL server: a libpq connection string plus the client's defaults.
///
/// The connection string is anything libpq accepts: a `postgresql://` / `postgres://` URI, a
/// `key=value` conninfo string, or empty (then libpq's `PG*` environment variables, `~/.pgpass` and
/// service files decide everything). libpq itself parses it (`PQconnectdbParams` with `expand_dbname`);
/// `init` only validates it with `PQconninfoParse` so a malformed URL fails early with a clear error.
///
/// Defaults applied only where the connection string does not set them (and, for the first two, the
/// matching `PGAPPNAME` / `PGCONNECT_TIMEOUT` environment variable is unset): `application_name`,
/// `connect_timeout`, and TCP keepalives. A service file's values for these keys lose to the defaults.
/// `client_encoding` is always UTF8, because the client reads and writes UTF-8.
///
/// Printing a configuration shows `redactedDescription`: the password never appears.
public struct PostgresConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// TCP keepalive settings (libpq's `keepalives_idle`, `keepalives_interval`, `keepalives_count`).
    public struct Keepalives: Sendable, Hashable {
        /// Seconds of idleness before the first probe.
        public var idleSeconds: Int
        /// Seconds between unanswered probes.
        public var intervalSeconds: Int
        /// Unanswered probes before the connection counts as dead.
        public var count: Int
        /// libpq's `tcp_user_timeout`: seconds sent data may stay unacknowledged before the connection
        /// counts as dead (0: the kernel's default, many minutes). Without it a statement sent into a
        /// cut network blocks until TCP gives up, and the worker cannot notice it lost its lease.
        public var userTimeoutSeconds: Int

        /// Defaults detect a dead peer in about a minute when idle (30 s, then 3 probes 10 s apart),
        /// and within 15 s while a statement waits (less than the queue's 30 s lease).
        public init(idleSeconds: Int = 30, intervalSeconds: Int = 10, count: Int = 3, userTimeoutSeconds: Int = 15) {
            self.idleSeconds = idleSeconds
            self.intervalSeconds = intervalSeconds
            self.count = count
            self.userTimeoutSeconds = userTimeoutSeconds
        }
    }

    /// The connection string as given. It may contain a password: never log it, log
    /// `redactedDescription` instead.
    public let connectionString: String
    /// `application_name` unless the connection string or `PGAPPNAME` sets one; shown in `pg_stat_activity`.
    public var applicationName: String
    /// `connect_timeout` in seconds unless the connection string or `PGCONNECT_TIMEOUT` sets one.
    public var connectTimeoutSeconds: Int
    /// TCP keepalives unless the connection string sets `keepalives*`; `nil` leaves libpq's defaults.
    public var keepalives: Keepalives?
    /// How `PostgresConnection.reconnect()` retries.
    public var reconnectPolicy: PostgresReconnectPolicy

    /// The options the connection string sets explicitly (keyword → value), as libpq parsed them.
    let explicitOptions: [String: String]

    /// Validates `connectionString` and records the defaults.
    ///
    /// - Parameter connectionString: a `postgresql://` URI, a `key=value` string, or `""` for libpq's
    ///   environment defaults.
    /// - Throws: `PostgresError` with code `.invalidConfiguration` when libpq cannot parse the string;
    ///   the message names the problem but not the password.
    public init(
        _ connectionString: String = "",
        applicationName: String = "content-factory",
        connectTimeoutSeconds: Int = 10,
        keepalives: Keepalives? = Keepalives(),
        reconnectPolicy: PostgresReconnectPolicy = PostgresReconnectPolicy()
    ) throws {
        self.connectionString = connectionString
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.keepalives = keepalives
        self.reconnectPolicy = reconnectPolicy
        if connectionString.isEmpty {
            explicitOptions = [:]
        } else if Self.isConnectionString(connectionString) {
            explicitOptions = try Self.parse(connectionString)
        } else {
            // libpq's own rule: without `=` or a URI prefix the string is just a database name.
            explicitOptions = ["dbname": connectionString]
        }
    }

    /// Host, port, database and user (explicit or from the environment), with any password shown as
    /// `***`, e.g. `host=127.0.0.1 port=5432 dbname=app user=worker password=***`.
    public var redactedDescription: String {
        let defaults = Self.environmentDefaults()
        func value(_ key: String) -> String? {
            if let explicit = explicitOptions[key], !explicit.isEmpty { return explicit }
            if let fallback = defaults[key], !fallback.isEmpty { return fallback }
            return nil
        }
        var parts: [String] = []
        for key in ["host", "hostaddr", "port", "dbname", "user", "service", "sslmode"] {
            if let v = value(key) { parts.append("\(key)=\(v)") }
        }
        parts.append("application_name=\(value("application_name") ?? applicationName)")
        if value("password") != nil { parts.append("password=***") }
        return parts.joined(separator: " ")
    }

    /// Same as `redactedDescription`.
    public var description: String { redactedDescription }

    /// Same as `redactedDescription`.
    public var debugDescription: String { "PostgresConfiguration(\(redactedDescription))" }

    /// Keyword/value pairs for `PQconnectdbParams`, in order: defaults first so that the expanded
    /// connection string (processed at the position of `dbname`) overrides them, then the forced keys.
    func connectParameters(environment: [String: String] = ProcessInfo.processInfo.environment) -> [(String, String)] {
        var pairs: [(String, String)] = []
        if environment["PGAPPNAME"] == nil {
            pairs.append(("application_name", applicationName))
        }
        if environment["PGCONNECT_TIMEOUT"] == nil {
            pairs.append(("connect_timeout", String(connectTimeoutSeconds)))
        }
        if let keepalives {
            pairs.append(("keepalives", "1"))
            pairs.append(("keepalives_idle", String(keepalives.idleSeconds)))
            pairs.append(("keepalives_interval", String(keepalives.intervalSeconds)))
            pairs.append(("keepalives_count", String(keepalives.count)))
            if keepalives.userTimeoutSeconds > 0 {
                pairs.append(("tcp_user_timeout", String(keepalives.userTimeoutSeconds * 1000)))
            }
        }
        if !connectionString.isEmpty {
            pairs.append(("dbname", connectionString))
        }
        pairs.append(("client_encoding", "UTF8"))
        return pairs
    }

    /// Strings to scrub from any message: the explicit password, one guessed from the raw string (for
    /// strings libpq could not parse), and `PGPASSWORD`.
    var secrets: [String] {
        var found = Self.passwordCandidates(in: connectionString)
        if let explicit = explicitOptions["password"], !explicit.isEmpty { found.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["PGPASSWORD"], !env.isEmpty { found.append(env) }
        return found
    }

    private static func isConnectionString(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") || text.contains("=")
    }

    private static func parse(_ connectionString: String) throws -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            var message = "malformed connection string"
            if let errorMessage {
                message = String(cString: errorMessage).trimmingCharacters(in: .whitespacesAndNewlines)
                PQfreemem(errorMessage)
            }
            let redactor = SecretRedactor(secrets: passwordCandidates(in: connectionString), connectionString: connectionString)
            throw PostgresError(code: .invalidConfiguration, message: redactor.redact(message))
        }
        defer { PQconninfoFree(options) }
        return collect(options)
    }

    private static func environmentDefaults() -> [String: String] {
        guard let options = PQconndefaults() else { return [:] }
        defer { PQconninfoFree(options) }
        return collect(options)
    }

    private static func collect(_ options: UnsafeMutablePointer<PQconninfoOption>) -> [String: String] {
        var result: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return result
    }
}
