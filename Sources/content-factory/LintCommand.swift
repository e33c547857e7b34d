import ArgumentParser
import ContentFactory
import Foundation
import PostgresClient

/// `content-factory lint --job ID` / `--campaign ID`: the pre-flight, every diagnostic, exit 1 on errors.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a job's or a campaign's templates and data rows (the pre-flight); exit 1 on errors.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("job"), help: "Check this generation_jobs row as it would run.")
    var jobID: String?

    @Option(name: .customLong("campaign"), help: "Check this campaign with default filters.")
    var campaignID: String?

    @Option(name: .customLong("filters"), help: "With --campaign: a job spec JSON (campaign_id is added), e.g. '{\"variables\": {\"Niche\": \"Solar\"}}'.")
    var filters: String?

    @Option(name: .customLong("quantity"), help: "With --campaign: the article count to check capacity for (default 1).")
    var quantity: Int = 1

    func validate() throws {
        guard (jobID == nil) != (campaignID == nil) else { throw ValidationError("give exactly one of --job and --campaign") }
        guard filters == nil || campaignID != nil else { throw ValidationError("--filters goes with --campaign") }
    }

    func run() async throws {
        let logger = try global.makeLogger()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            let job = try await lintedJob(connection: connection)
            let report = try await withGenerationErrors { try await CampaignArticleGenerator().report(job: job, connection: connection) }
            print(GenerationDiagnosticPrinter.text(report.diagnostics), terminator: "")
            let errors = report.diagnostics.filter { $0.severity == .error }.count
            let warnings = report.diagnostics.count - errors
            print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            if errors > 0 { throw CommandFailure("lint found \(errors) error\(errors == 1 ? "" : "s")") }
        }
    }

    /// The job row, or a synthetic one for a campaign.
    func lintedJob(connection: PostgresConnection) async throws -> JobRecord {
        if let jobID {
            let id = try parseUUID(jobID, option: "--job")
            return try await withGenerationErrors { try await ForegroundGeneration.loadJob(id, connection: connection) }
        }
        let campaign = try parseUUID(campaignID ?? "", option: "--campaign")
        var spec = JSONValue.object([:])
        if let filters {
            guard case .object = (try? JSONValue(parsing: filters)) ?? .null else {
                throw CommandFailure("--filters is not a JSON object", status: .usage)
            }
            spec = try JSONValue(parsing: filters)
        }
        guard case .object(var fields) = spec else { throw CommandFailure("--filters is not a JSON object", status: .usage) }
        fields["campaign_id"] = .string(campaign.uuidString)
        return JobRecord(
            id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0)), siteID: nil, status: .pending,
            targetQuantity: max(1, quantity), batchSize: 10, filters: JSONText.encode(.object(fields)), currentOffset: 0,
            attempt: 0, maxAttempts: 5, lockedBy: nil, createdAt: Date(), cancelRequestedAt: nil)
    }
}
