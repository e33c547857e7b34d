import ArgumentParser
import ContentFactory
import PostgresClient

/// `content-factory migrate [--dry-run]`: brings the Spark schema and the queue additions up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the Spark schema (idempotent, additive, under an advisory lock).",
        discussion: "Safe on a live Spark database: it only adds missing tables, columns, indexes and triggers.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("dry-run"), help: "Print the SQL that would run and change nothing.")
    var dryRun = false

    func run() async throws {
        let logger = try global.makeLogger()
        let migrator = SchemaMigrator(logger: logger)
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            do {
                if dryRun {
                    print(try await migrator.dryRunScript(on: connection), terminator: "")
                    return
                }
                let report = try await migrator.migrate(on: connection)
                if report.applied.isEmpty {
                    print("schema is current (version \(report.currentVersion)); nothing to do")
                } else {
                    let versions = report.applied.map(String.init).joined(separator: ", ")
                    print("applied migrations \(versions); schema is at version \(report.currentVersion)")
                }
            } catch let error as PostgresError {
                throw CommandFailure("migration failed: \(error)")
            }
        }
    }
}
