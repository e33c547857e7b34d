import ArgumentParser
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options every database-facing subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URI or conninfo string. Default: $DATABASE_URL, else libpq's PG* variables.",
            valueName: "url"))
    var databaseURL: String?

    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical. Default: $CF_LOG_LEVEL, else info.")
    var logLevel: String?

    /// The connection string to hand to libpq: the flag, else `DATABASE_URL`, else nil (libpq reads PG*).
    var resolvedDatabaseURL: String? {
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        if let fromEnvironment = getenv("DATABASE_URL").map({ String(cString: $0) }), !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return nil
    }

    /// The log level from the flag or `CF_LOG_LEVEL`.
    /// - Throws: `CommandFailure` with status 78 for an unknown level name.
    func resolvedLogLevel() throws -> Logger.Level {
        let name = logLevel ?? getenv("CF_LOG_LEVEL").map { String(cString: $0) } ?? "info"
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            throw CommandFailure(
                "unknown log level '\(name)' (expected trace, debug, info, notice, warning, error or critical)",
                status: .configuration)
        }
        return level
    }

    /// Bootstraps swift-log once for this process and returns the command's logger.
    func makeLogger(label: String = "content-factory") throws -> Logger {
        let level = try resolvedLogLevel()
        LoggingBootstrap.bootstrapOnce(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
