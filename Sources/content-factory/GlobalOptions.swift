import ArgumentParser
import ContentFactoryOperations
import Foundation
import Logging

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

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "JSON configuration file. Default: $CF_CONFIG, else /etc/content-factory/config.json when it exists.",
            valueName: "file"))
    var configFile: String?

    /// The merged configuration: defaults < file < environment < flags (`daemonFlags` are the `run`
    /// flags, when the command has them).
    /// - Throws: `CommandFailure` with status 78 naming the setting and the source of a bad value.
    func configuration(daemonFlags: [Setting: ConfigurationLoader.FlagValue] = [:]) throws -> DaemonConfiguration {
        var flags = daemonFlags
        if let databaseURL, !databaseURL.isEmpty { flags[.databaseURL] = .text(databaseURL) }
        if let logLevel { flags[.logLevel] = .text(logLevel) }
        let environment = ProcessInfo.processInfo.environment
        let file = configFile ?? environment["CF_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            return try ConfigurationLoader(file: file, environment: environment, flags: flags).load()
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description, status: .configuration)
        }
    }

    /// The connection string to hand to libpq: the flag, else `DATABASE_URL`, else the file's
    /// `database_url`, else nil (libpq reads PG*).
    /// - Throws: `CommandFailure` (78) for a bad configuration.
    func resolvedDatabaseURL() throws -> String? {
        try configuration().databaseURL
    }

    /// Bootstraps swift-log once for this process and returns the command's logger.
    /// - Throws: `CommandFailure` (78) for a bad configuration (an unknown log level among others).
    func makeLogger(label: String = "content-factory") throws -> Logger {
        try makeLogger(label: label, level: configuration().logLevel)
    }

    /// As `makeLogger(label:)` with a level already resolved.
    func makeLogger(label: String, level: Logger.Level) -> Logger {
        LoggingBootstrap.bootstrapOnce(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
