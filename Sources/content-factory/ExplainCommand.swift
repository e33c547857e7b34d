import ArgumentParser
import ContentFactory
import Foundation

/// `content-factory explain --job ID`: the plan of a job.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a job's plan: dimensions, space, capacity, key groups, words per article, templates.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("job"), help: "The generation_jobs id.")
    var jobID: String

    func run() async throws {
        let id = try parseUUID(jobID, option: "--job")
        let logger = try global.makeLogger()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            let job = try await withGenerationErrors { try await ForegroundGeneration.loadJob(id, connection: connection) }
            let report = try await withGenerationErrors { try await CampaignArticleGenerator().report(job: job, connection: connection) }
            let width = report.explanationOrder.map(\.count).max() ?? 0
            for key in report.explanationOrder {
                print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (report.explanation[key] ?? ""))
            }
            if !report.diagnostics.isEmpty {
                print("")
                print(GenerationDiagnosticPrinter.text(report.diagnostics), terminator: "")
            }
            if report.hasErrors { throw CommandFailure("the job cannot run as it is (see the diagnostics above)") }
        }
    }
}
