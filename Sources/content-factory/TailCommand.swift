import ArgumentParser
import ContentFactory
import Foundation
import PostgresClient

/// `content-factory tail`: follows work_log, one readable line per row (LISTEN-driven, polling by id as
/// a fallback).
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow work_log: one line per job transition and per committed batch.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("job"), help: "Only this job's rows.")
    var job: String?

    @Option(name: .customLong("level"), help: "Minimum level: debug, info, notice, warning or error (default info).")
    var level = "info"

    @Option(name: .customLong("lines"), help: "Rows shown from the past first (default 10).")
    var lines = 10

    @Flag(name: .customLong("json"), help: "One JSON object per row.")
    var json = false

    @Flag(name: .customLong("no-follow"), help: "Print the past rows and exit.")
    var noFollow = false

    @Option(name: .customLong("poll-seconds"), help: "Fallback poll interval (default 2).")
    var pollSeconds = 2.0

    static let levels = ["debug", "info", "notice", "warning", "error"]

    func run() async throws {
        guard let rank = Self.levels.firstIndex(of: level.lowercased()) else {
            throw CommandFailure("--level '\(level)': expected one of \(Self.levels.joined(separator: ", "))", status: .usage)
        }
        let jobFilter = try job.map { try JobIDArgument.parse($0).uuidString.lowercased() }
        guard let poll = Duration.seconds(exactly: pollSeconds), poll > .zero else {
            throw CommandFailure("--poll-seconds must be positive", status: .usage)
        }
        let logger = try global.makeLogger()
        let administration = QueueAdministration()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            do {
                if !noFollow { try await connection.listen("work_log") }
                var last = try await administration.tailStart(lines: max(0, lines), job: jobFilter, on: connection)
                while true {
                    let rows = try await administration.logRows(after: last, job: jobFilter, minimumLevel: rank, on: connection)
                    // Unbuffered, so a pipe reader sees each row as it comes.
                    let text = rows.map { (json ? Self.jsonLine($0) : Self.textLine($0)) + "\n" }.joined()
                    if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
                    if let newest = rows.last?.id { last = newest }
                    if rows.count == 1000 { continue }
                    if noFollow { return }
                    _ = try await connection.nextNotification(timeout: poll)
                    _ = try await connection.pendingNotifications()
                }
            } catch let error as PostgresError {
                throw CommandFailure("cannot follow work_log: \(error.message)")
            }
        }
    }

    /// `2024-05-01 12:00:00.123 info    batch.committed  job 3f2a…  from_offset=0 to_offset=10 …`.
    static func textLine(_ row: QueueAdministration.LogRow) -> String {
        let time = String(row.timestamp.prefix(23))
        let entity = row.entityType == "worker" ? "worker \(row.entityID)" : "job \(row.entityID)"
        var line = "\(time) \(row.level.padding(toLength: 7, withPad: " ", startingAt: 0)) "
            + "\(row.action.padding(toLength: 19, withPad: " ", startingAt: 0)) \(entity)"
        if !row.status.isEmpty { line += " [\(row.status)]" }
        if case .object(let details)? = try? JSONValue(parsing: row.details) {
            for key in details.keys.sorted() where key != "worker" || row.entityType != "worker" {
                let value = details[key]!
                if case .array(let items) = value, items.isEmpty { continue }
                switch value {
                case .string(let text): line += " \(key)=\(text)"
                default: line += " \(key)=\(JSONText.encode(value))"
                }
            }
        }
        return line
    }

    static func jsonLine(_ row: QueueAdministration.LogRow) -> String {
        let details = (try? JSONValue(parsing: row.details)) ?? .null
        return JSONText.encode(.object([
            "id": .integer(Int64(row.id)), "timestamp": .string(row.timestamp), "level": .string(row.level),
            "action": .string(row.action), "entity_type": .string(row.entityType), "entity_id": .string(row.entityID),
            "status": row.status.isEmpty ? .null : .string(row.status), "details": details,
        ]))
    }
}
