import ArgumentParser
import ContentFactory
import Foundation
import PostgresClient

/// `content-factory enqueue`: inserts a job (the same row a plain SQL INSERT makes) and prints its id.
struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Add a generation job and print its id.",
        discussion: "Equivalent to INSERT INTO generation_jobs (site_id, target_quantity, batch_size, filters) … "
            + "With --wait, shows progress until the job ends and exits 1 unless it completed.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("site"), help: "The site id.")
    var site: String

    @Option(name: .customLong("campaign"), help: "The campaign id (sets filters.campaign_id).")
    var campaign: String?

    @Option(name: .customLong("quantity"), help: "Articles to generate.")
    var quantity: Int

    @Option(name: .customLong("batch-size"), help: "Articles per committed batch (default 10).")
    var batchSize: Int?

    @Option(name: .customLong("filters"), help: "The job spec: a JSON object, or @FILE to read one.")
    var filters: String?

    @Option(name: .customLong("priority"), help: "Higher runs first (default 0).")
    var priority: Int?

    @Option(name: .customLong("max-attempts"), help: "Attempts before the job fails (default 5).")
    var maxAttempts: Int?

    @Flag(name: .customLong("wait"), help: "Show progress until the job ends; exit 1 unless it completed.")
    var wait = false

    func run() async throws {
        guard let siteID = UUID(uuidString: site) else { throw CommandFailure("--site: '\(site)' is not a UUID", status: .usage) }
        var spec: [String: JSONValue] = [:]
        if let filters {
            let text = try Self.readFilters(filters)
            guard case .object(let object)? = try? JSONValue(parsing: text) else {
                throw CommandFailure("--filters: not a JSON object", status: .usage)
            }
            spec = object
        }
        if let campaign {
            guard UUID(uuidString: campaign) != nil else { throw CommandFailure("--campaign: '\(campaign)' is not a UUID", status: .usage) }
            if let existing = spec["campaign_id"], existing != .string(campaign.lowercased()), existing != .string(campaign) {
                throw CommandFailure("--campaign differs from filters.campaign_id", status: .usage)
            }
            spec["campaign_id"] = .string(campaign.lowercased())
        }
        guard spec["campaign_id"] != nil else {
            throw CommandFailure("a campaign is required: --campaign ID or filters.campaign_id", status: .usage)
        }
        let job = QueueAdministration.NewJob(siteID: siteID, targetQuantity: quantity, batchSize: batchSize,
                                             filters: JSONText.encode(.object(spec)), priority: priority, maxAttempts: maxAttempts)
        let logger = try global.makeLogger()
        let administration = QueueAdministration()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            let id: UUID
            do {
                id = try await administration.enqueue(job, on: connection)
            } catch let error as PostgresError {
                throw CommandFailure("cannot enqueue: \(error.message)\(error.constraint.map { " (\($0))" } ?? "")")
            }
            print(id.uuidString.lowercased())
            if wait { try await waitForEnd(of: id, administration: administration, connection: connection) }
        }
    }

    private func waitForEnd(of id: UUID, administration: QueueAdministration, connection: PostgresConnection) async throws {
        var shown = ""
        do {
            try await connection.listen("work_log")
            while true {
                guard let state = try await administration.state(of: id, on: connection) else {
                    throw CommandFailure("job \(id.uuidString.lowercased()) disappeared")
                }
                let line = "\(state.status) \(state.progress)% (\(state.offset)/\(state.target) articles, attempt \(state.attempt)/\(state.maxAttempts))"
                if line != shown {
                    writeStandardError(line + "\n")
                    shown = line
                }
                if state.isFinished {
                    if state.status == .completed { return }
                    throw CommandFailure("job \(state.status)\(state.lastError.map { ": \($0)" } ?? "")")
                }
                // Every transition writes work_log, whose trigger notifies; the timeout is a fallback.
                _ = try await connection.nextNotification(timeout: .seconds(2))
                _ = try await connection.pendingNotifications()
            }
        } catch let error as PostgresError {
            throw CommandFailure("lost track of the job: \(error)")
        }
    }

    static func readFilters(_ argument: String) throws -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("--filters: cannot read \(path)", status: .usage)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
