import ArgumentParser
import ContentFactory
import PostgresClient

/// `content-factory prune --older-than 30d`: deletes old work_log rows in chunks.
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete work_log rows older than a given age, in chunks.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("older-than"), help: "Age: a number with s, m, h or d (e.g. 30d).")
    var olderThan: String

    @Option(name: .customLong("chunk"), help: "Rows per DELETE (default 5000).")
    var chunk = 5000

    func run() async throws {
        guard let age = Self.parseAge(olderThan) else {
            throw CommandFailure("--older-than '\(olderThan)': expected a number with s, m, h or d, e.g. 30d", status: .usage)
        }
        guard chunk > 0 else { throw CommandFailure("--chunk must be positive", status: .usage) }
        let logger = try global.makeLogger()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            do {
                let deleted = try await QueueAdministration().prune(olderThan: age, chunk: chunk, on: connection)
                print("deleted \(deleted) work_log rows older than \(olderThan)")
            } catch let error as PostgresError {
                throw CommandFailure("cannot prune: \(error.message)")
            }
        }
    }

    static func parseAge(_ text: String) -> Duration? {
        guard let unit = text.last, let number = Double(text.dropLast()), number >= 0 else { return nil }
        let factor: Double
        switch unit {
        case "s": factor = 1
        case "m": factor = 60
        case "h": factor = 3600
        case "d": factor = 86400
        default: return nil
        }
        return Duration.seconds(exactly: number * factor)
    }
}
