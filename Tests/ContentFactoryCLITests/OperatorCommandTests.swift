import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// enqueue, status, tail, cancel, retry, prune as a user runs them.
@Suite(.serialized) struct OperatorCommandTests {
    func run(_ arguments: [String], _ database: DaemonDatabase) throws -> CommandRunner.Outcome {
        try CommandRunner.run(arguments + ["--database-url", database.url], environment: DaemonProcess.testEnvironment,
                              removing: ["DATABASE_URL"])
    }

    @Test func enqueueWaitsForTheDaemonAndTheOtherCommandsReport() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let daemon = try DaemonProcess(database: database)
        try await daemon.waitUntilWorking(database)
        let enqueued = try run(["enqueue", "--site", DaemonDatabase.site, "--campaign", DaemonDatabase.campaign, "--quantity", "6",
                                "--batch-size", "2", "--filters", #"{"variables": {"Niche": "Solar"}}"#, "--wait"], database)
        #expect(enqueued.status == 0, "stderr: \(enqueued.standardError)")
        let id = try #require(UUID(uuidString: enqueued.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(enqueued.standardError.contains("completed 100% (6/6 articles"), "\(enqueued.standardError)")
        #expect(try await database.status(of: id) == "completed")

        let status = try run(["status", "--json"], database)
        #expect(status.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any]
        #expect((json?["counts"] as? [String: Int])?["completed"] == 1, "\(status.standardOutput)")
        let workers = json?["workers"] as? [[String: Any]] ?? []
        #expect(workers.count == 1 && workers.first?["state"] as? String == "running", "\(status.standardOutput)")

        let tail = try run(["tail", "--no-follow", "--job", id.uuidString, "--lines", "50"], database)
        let lines = tail.standardOutput.split(separator: "\n")
        #expect(lines.count == 5, "claimed, 3 batches, completed: \(tail.standardOutput)")
        #expect(lines.first?.contains("job.claimed") == true && lines.last?.contains("job.completed") == true)
        let warnings = try run(["tail", "--no-follow", "--job", id.uuidString, "--level", "warning"], database)
        #expect(warnings.standardOutput.isEmpty)

        // A job that waits (run_at in an hour) is cancelled; retry brings it back and it completes.
        let later = try await database.insertJob(quantity: 2, batchSize: 2, extra: "now() + interval '1 hour'")
        let cancel = try run(["cancel", later.uuidString], database)
        #expect(cancel.status == 0 && cancel.standardOutput.contains("cancel requested"), "\(cancel.standardError)")
        try await eventually("cancelled", timeout: .seconds(5)) { try await database.status(of: later) == "cancelled" }
        let retry = try run(["retry", later.uuidString], database)
        #expect(retry.status == 0, "\(retry.standardError)")
        try await eventually("retried job completed", timeout: .seconds(10)) { try await database.status(of: later) == "completed" }
        let again = try run(["retry", later.uuidString], database)
        #expect(again.status == 1 && again.standardError.contains("only failed or cancelled"))

        try await database.connection.execute(#"UPDATE work_log SET "timestamp" = "timestamp" - interval '40 days' WHERE id % 2 = 0"#)
        let old: Int = try await database.scalar(#"SELECT count(*) FROM work_log WHERE "timestamp" < now() - interval '30 days'"#)
        let prune = try run(["prune", "--older-than", "30d", "--chunk", "2"], database)
        #expect(prune.status == 0 && prune.standardOutput.contains("deleted \(old) "), "\(prune.standardOutput) \(prune.standardError)")
        let left: Int = try await database.scalar(#"SELECT count(*) FROM work_log WHERE "timestamp" < now() - interval '30 days'"#)
        #expect(left == 0)

        let unknown = try run(["cancel", UUID().uuidString], database)
        #expect(unknown.status == 1)
        let bad = try run(["enqueue", "--site", DaemonDatabase.site, "--quantity", "0", "--campaign", DaemonDatabase.campaign], database)
        #expect(bad.status == 1 && bad.standardError.contains("target_quantity"), "\(bad.standardError)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func enqueueWaitExitsNonZeroWhenTheJobFails() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let daemon = try DaemonProcess(database: database)
        try await daemon.waitUntilWorking(database)
        // Without the Niche variable the templates cannot be rendered: a permanent failure.
        let enqueued = try run(["enqueue", "--site", DaemonDatabase.site, "--campaign", DaemonDatabase.campaign,
                                "--quantity", "2", "--wait"], database)
        #expect(enqueued.status == 1)
        #expect(enqueued.standardError.contains("job failed: E_VALIDATION"), "\(enqueued.standardError)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }
}
