import ArgumentParser
import ContentFactory
import Foundation
import PostgresClient

/// `content-factory status [--json]`: the queue at a glance.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show job counts, running and pending jobs, and workers (running, stopped or lost).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("json"), help: "One JSON object instead of text.")
    var json = false

    @Option(name: .customLong("limit"), help: "Jobs listed at most (default 20).")
    var limit = 20

    func run() async throws {
        let logger = try global.makeLogger()
        let administration = QueueAdministration()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            do {
                let counts = try await administration.counts(on: connection)
                let jobs = try await administration.activeJobs(limit: limit, on: connection)
                let workers = try await WorkerPresence.workers(on: connection)
                print(json ? Self.json(counts: counts, jobs: jobs, workers: workers) : Self.text(counts: counts, jobs: jobs, workers: workers))
            } catch let error as PostgresError {
                throw CommandFailure("cannot read the queue: \(error.message)")
            }
        }
    }

    static func text(counts: [(status: String, count: Int)], jobs: [QueueAdministration.JobState], workers: [WorkerPresence.Worker]) -> String {
        var lines: [String] = []
        let summary = counts.map { "\($0.status) \($0.count)" }.joined(separator: ", ")
        lines.append("jobs: " + (summary.isEmpty ? "none" : summary))
        let live = workers.filter { $0.state != .stopped }
        lines.append("workers: " + (live.isEmpty ? "none" : live.map { "\($0.id) \($0.state.rawValue) (seen \(Int($0.secondsSinceSeen)) s ago)" }.joined(separator: ", ")))
        for job in jobs {
            var line = "\(job.id.uuidString.lowercased())  \(job.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                + "\(String(job.progress).leftPadded(3))%  \(job.offset)/\(job.target)  attempt \(job.attempt)/\(job.maxAttempts)"
            if let worker = job.lockedBy { line += "  \(worker)" }
            if job.cancelRequestedAt != nil && !job.isFinished { line += "  (cancel requested)" }
            if let error = job.lastError, job.status != .completed { line += "  last error: \(error)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func json(counts: [(status: String, count: Int)], jobs: [QueueAdministration.JobState], workers: [WorkerPresence.Worker]) -> String {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let jobValues: [JSONValue] = jobs.map { job in
            .object([
                "id": .string(job.id.uuidString.lowercased()), "status": .string(job.status.rawValue),
                "offset": .integer(Int64(job.offset)), "target_quantity": .integer(Int64(job.target)),
                "progress": .integer(Int64(job.progress)), "attempt": .integer(Int64(job.attempt)),
                "max_attempts": .integer(Int64(job.maxAttempts)), "locked_by": optional(job.lockedBy),
                "last_error": optional(job.lastError), "cancel_requested": .bool(job.cancelRequestedAt != nil),
            ])
        }
        var countObject: [String: JSONValue] = [:]
        for (status, count) in counts { countObject[status] = .integer(Int64(count)) }
        return JSONText.encode(.object([
            "counts": .object(countObject), "jobs": .array(jobValues), "workers": .array(workers.map { worker in
                .object([
                    "id": .string(worker.id), "state": .string(worker.state.rawValue),
                    "last_seen": .string(ISO8601DateFormatter().string(from: worker.lastSeen)),
                    "seconds_since_seen": .number((worker.secondsSinceSeen * 10).rounded() / 10),
                    "version": .string(worker.version), "concurrency": .integer(Int64(worker.concurrency)),
                ])
            }),
        ]))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
