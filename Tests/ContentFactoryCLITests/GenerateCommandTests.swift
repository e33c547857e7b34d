import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

/// `content-factory generate` as a process: with the guard off its batches alternate between two
/// connections, and a SIGKILL still leaves a prefix of the job that a rerun completes.
@Suite struct GenerateCommandTests {
    static let filters = #"{"campaign_id": "\#(DaemonDatabase.campaign)", "variables": {"Niche": "Solar"}, "max_similarity": 1}"#

    /// The job's articles, every column that must not depend on how the job was run.
    func digest(_ database: DaemonDatabase, job: UUID) async throws -> String {
        try await database.scalar("""
            SELECT count(*) || ':' || md5(string_agg(concat_ws('|', job_seq, title, slug, content, schema_json::text), '|' ORDER BY job_seq))
            FROM generated_articles WHERE job_id = $1
            """, [job])
    }

    func generate(_ database: DaemonDatabase, job: UUID) throws -> DaemonProcess {
        try DaemonProcess(database: database, command: "generate", arguments: ["--job", job.uuidString.lowercased()])
    }

    @Test func sigkilledGenerateLeavesAPrefixAndARerunWritesWhatAnUninterruptedRunDoes() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        // 50 batches of at least 0.2 s, two at a time: the kill comes well before the end, even on a loaded machine.
        let job = try await database.insertJob(quantity: 100, batchSize: 2, filters: Self.filters)
        try await database.setBatchDelay(0.2)
        let killed = try generate(database, job: job)
        try await eventually("some batches committed", timeout: .seconds(30)) { try await database.offset(of: job) >= 10 }
        #expect(try await database.otherSessions() == 2, "generate writes on two connections")
        killed.signal(SIGKILL)
        _ = await killed.waitForExit(timeout: .seconds(5))
        // A batch whose COMMIT was already sent still commits: read once both sessions have ended.
        try await eventually("the killed command's sessions ended", timeout: .seconds(10)) { try await database.otherSessions() == 0 }
        let offset = try await database.offset(of: job)
        let positions = try await database.connection.query(
            "SELECT job_seq FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [job]).map { try $0.decode(Int.self, at: 0) }
        #expect(offset < 100, "the job finished before the kill")
        #expect(positions == Array(0..<offset), "what was committed is the batches before current_offset")

        try await database.setBatchDelay(0)
        let rerun = try generate(database, job: job)
        #expect(await rerun.waitForExit(timeout: .seconds(60)) == 0, "log: \(rerun.log)")
        #expect(try await database.status(of: job) == "completed")
        let resumed = try await digest(database, job: job)

        _ = try await database.connection.execute("DELETE FROM generated_articles WHERE job_id = $1", [job])
        _ = try await database.connection.execute("UPDATE generation_jobs SET current_offset = 0, progress = 0, status = 'pending' WHERE id = $1", [job])
        let whole = try generate(database, job: job)
        #expect(await whole.waitForExit(timeout: .seconds(60)) == 0, "log: \(whole.log)")
        #expect(try await digest(database, job: job) == resumed)
        #expect(resumed.hasPrefix("100:"))
    }
}
