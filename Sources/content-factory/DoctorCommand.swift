import ArgumentParser
import ContentFactoryOperations
import PostgresClient

/// `content-factory doctor [--fix]`: checks the database the daemon depends on.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the database the daemon depends on; --fix re-creates missing triggers, functions and indexes.",
        discussion: """
            Checks: server version (13 or later), schema version, every trigger, function and index the \
            migrations create, idle_in_transaction_session_timeout and statement_timeout for the role, \
            autovacuum on generation_jobs, a LISTEN/NOTIFY round trip, whether a transaction-mode \
            pooler is in between, and whether the server allows the connections one daemon opens. \
            Exit 0 when all is well, 1 otherwise. --fix re-runs the applied migrations' idempotent SQL \
            under the migration lock, then checks again.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("fix"), help: "Re-create missing triggers, functions and indexes, then check again.")
    var fix = false

    func run() async throws {
        let configuration = try global.configuration()
        let logger = global.makeLogger(label: "content-factory.doctor", level: configuration.logLevel)
        let doctor = Doctor(listens: configuration.queue.listens, concurrency: configuration.queue.concurrency, logger: logger)
        let healthy = try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            var findings = await doctor.examine(connection)
            if fix && findings.contains(where: { $0.status == .problem && $0.fix?.contains("doctor --fix") == true }) {
                do {
                    let versions = try await doctor.fix(connection)
                    print("fix: re-ran migrations \(versions.map(String.init).joined(separator: ", "))")
                } catch let error as PostgresError {
                    throw CommandFailure("doctor --fix failed: \(error)")
                }
                findings = await doctor.examine(connection)
            }
            for finding in findings { print(Self.format(finding)) }
            return !findings.contains { $0.status == .problem }
        }
        if !healthy { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    static func format(_ finding: DoctorFinding) -> String {
        let mark = switch finding.status {
        case .ok: "ok     "
        case .note: "note   "
        case .problem: "PROBLEM"
        }
        var text = "\(mark) \(finding.check): \(finding.detail)"
        if finding.status != .ok {
            if let why = finding.why { text += "\n        why: \(why)" }
            if let fix = finding.fix { text += "\n        fix: \(fix)" }
        }
        return text
    }
}
