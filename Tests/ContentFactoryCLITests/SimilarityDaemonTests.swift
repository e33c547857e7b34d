import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    /// A guarded job (one short section, so the guard redraws) killed mid-job and resumed by another
    /// daemon writes what an uninterrupted `generate` of the same spec writes in another database:
    /// the same bodies, the same nearest values and redraws, the same job.completed similarity.
    @Test func guardedJobResumedAfterSigkillEqualsAnUninterruptedRun() async throws {
        let filters = #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "variables": {"Niche": "Solar"}, "structure": ["final_cta"], "seed": 5}"#
        struct Written: Equatable {
            var contents: [String]
            var fingerprints: [String]
            var completed: String
        }
        func written(_ database: DaemonDatabase, _ job: UUID) async throws -> Written {
            let contents = try await database.connection.query("SELECT content FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [job])
                .map { try $0.decode(String.self, at: 0) }
            let prints = try await database.connection.query(
                "SELECT job_seq || ' ' || nearest || ' ' || redrawn || ' ' || coalesce(nearest_job_seq::text, '-') FROM article_fingerprints WHERE job_id = $1 ORDER BY job_seq", [job])
                .map { try $0.decode(String.self, at: 0) }
            let completed: String = try await database.scalar(
                "SELECT coalesce((SELECT (details->'similarity')::text FROM work_log WHERE entity_id = $1 AND action = 'job.completed'), '')",
                [job.uuidString.lowercased()])
            return Written(contents: contents, fingerprints: prints, completed: completed)
        }

        let reference = try await DaemonDatabase.create()
        defer { Task { await reference.drop() } }
        let straight = try await reference.insertJob(quantity: 80, batchSize: 4, filters: filters)
        let daemon = try DaemonProcess(database: reference)
        try await eventually("reference job completed", timeout: .seconds(60)) { try await reference.status(of: straight) == "completed" }
        daemon.signal(SIGTERM)
        _ = await daemon.waitForExit(timeout: .seconds(15))
        let expected = try await written(reference, straight)
        #expect(expected.contents.count == 80)
        #expect(expected.fingerprints.contains { $0.split(separator: " ")[2] != "0" }, "the guard redrew: \(expected.fingerprints)")
        #expect(!expected.completed.isEmpty)

        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await database.setBatchDelay(0.4)
        let victim = try DaemonProcess(database: database, environment: ["CF_CONCURRENCY": "1"])
        try await victim.waitUntilWorking(database)
        let job = try await database.insertJob(quantity: 80, batchSize: 4, filters: filters)
        try await eventually("some batches committed", timeout: .seconds(30)) { try await database.offset(of: job) >= 8 }
        victim.signal(SIGKILL)
        _ = await victim.waitForExit(timeout: .seconds(5))
        #expect(try await database.offset(of: job) < 80, "killed mid-job")
        try await database.setBatchDelay(0)
        let rescuer = try DaemonProcess(database: database)
        try await eventually("job completed by the rescuer", timeout: .seconds(60)) { try await database.status(of: job) == "completed" }
        rescuer.signal(SIGTERM)
        _ = await rescuer.waitForExit(timeout: .seconds(15))
        try await database.expectExactlyOnce(job, quantity: 80, batchSize: 4)
        #expect(try await written(database, job) == expected)
    }
}
