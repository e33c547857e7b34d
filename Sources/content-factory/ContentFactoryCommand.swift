import ArgumentParser
import ContentFactory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct ContentFactoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content-factory",
        abstract: "Generates Spark articles from spintax campaigns, driven by a PostgreSQL job queue.",
        discussion: """
            Exit codes: 0 success, 1 runtime failure, 2 usage error, 78 configuration error (EX_CONFIG).

            The database comes from --database-url, else DATABASE_URL, else libpq's PG* variables, \
            ~/.pgpass and service files.
            """,
        version: ContentFactoryInfo.version,
        subcommands: [
            MigrateCommand.self, RunCommand.self, EnqueueCommand.self, StatusCommand.self, TailCommand.self,
            CancelCommand.self, RetryCommand.self, PruneCommand.self, GenerateCommand.self, LintCommand.self,
            ExplainCommand.self, SimilarityCommand.self, SpintaxCommand.self, ConfigCommand.self, DoctorCommand.self,
        ]
    )

    /// Declared here as well as in each subcommand so that `content-factory --database-url URL migrate`
    /// works: argument-parser shares an option group between a command and its subcommands.
    @OptionGroup var global: GlobalOptions

    /// Runs the parsed command and maps every failure to one stderr line and a documented exit code,
    /// instead of argument-parser's defaults (64 for usage errors).
    static func main() async {
        let status: ExitStatus
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = .success
        } catch let failure as CommandFailure {
            writeStandardError("content-factory: \(failure.oneLineMessage)\n")
            status = failure.status
        } catch {
            status = reportArgumentParserOutcome(error)
        }
        Glibc.exit(status.rawValue)
    }

    /// Help and `--version` print to stdout and succeed; parse errors print a short usage on stderr.
    private static func reportArgumentParserOutcome(_ error: Error) -> ExitStatus {
        // A command that already reported its failure exits with the status it chose.
        if let chosen = error as? ExitCode {
            return ExitStatus(rawValue: chosen.rawValue) ?? .failure
        }
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        if code == .success {
            if !text.isEmpty { print(text) }
            return .success
        }
        writeStandardError(text.hasSuffix("\n") ? text : text + "\n")
        if code == .validationFailure { return .usage }
        return code.rawValue == ExitStatus.configuration.rawValue ? .configuration : .failure
    }
}
