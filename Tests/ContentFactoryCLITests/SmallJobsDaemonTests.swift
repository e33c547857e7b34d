import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

extension DaemonTests {
    /// Inserts `count` jobs of `quantity` articles in one statement, as an operator enqueuing a
    /// job per place would.
    private func insertJobs(_ database: DaemonDatabase, count: Int, quantity: Int, batchSize: Int,
                            filters: String = DaemonDatabase.filters) async throws {
        try await database.connection.execute("""
            INSERT INTO generation_jobs (site_id, target_quantity, batch_size, filters)
            SELECT $1::uuid, $2::int, $3::int, $4::jsonb FROM generate_series(1, $5::int)
            """, [DaemonDatabase.site, quantity, batchSize, filters, count])
    }

    /// One-batch jobs of one site and filters are claimed together (the head and up to
    /// `companions`, 31 here) and commit in one transaction each group, while a job of several batches is
    /// never a companion: every job still has its own claim, batch and completion rows, and every
    /// article is written exactly once.
    @Test func smallJobsCommitTogetherEachExactlyOnce() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await insertJobs(database, count: 40, quantity: 1, batchSize: 1)
        let large = try await database.insertJob(quantity: 6, batchSize: 2)
        let daemon = try DaemonProcess(database: database, arguments: ["--once"],
                                       environment: ["CF_CONCURRENCY": "1", "CF_COMPANIONS": "31"])
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "log: \(daemon.log)")

        let small = try await database.connection.query("SELECT id FROM generation_jobs WHERE target_quantity = 1")
            .map { try $0.decode(UUID.self, at: 0) }
        #expect(small.count == 40)
        for job in small {
            try await database.expectExactlyOnce(job, quantity: 1, batchSize: 1)
            #expect(try await database.actions(of: job) == ["job.claimed", "batch.committed", "job.completed"])
        }
        try await database.expectExactlyOnce(large, quantity: 6, batchSize: 2)
        // Rows written by one transaction share its xmin: the 40 small jobs in two groups (32 + 8),
        // the large job's three batches in three transactions of their own.
        let transactions: Int = try await database.scalar("SELECT count(DISTINCT xmin::text)::int FROM generated_articles")
        #expect(transactions == 5, "log: \(daemon.log)")
        let largeTransactions: Int = try await database.scalar(
            "SELECT count(DISTINCT xmin::text)::int FROM generated_articles WHERE job_id = $1", [large])
        #expect(largeTransactions == 3)
        // The guard saw the group's articles one after another, as it sees a batch's.
        let unguarded: Int = try await database.scalar("""
            SELECT count(*)::int FROM generated_articles a
            WHERE NOT EXISTS (SELECT 1 FROM article_fingerprints f WHERE f.job_id = a.job_id AND f.job_seq = a.job_seq)
            """)
        #expect(unguarded == 0)
    }

    /// When a group cannot commit together (here the guard fails it: a fixed seed gives every job
    /// the same article and `on_similar` is `fail`), nothing of it is written and each job runs on
    /// its own, with its own outcome: the first completes, the others fail with `E_SIMILAR`.
    @Test func aGroupThatCannotCommitFallsBackToOneJobAtATime() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let filters = #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "variables": {"Niche": "Solar"}, "seed": 7, "on_similar": "fail"}"#
        try await insertJobs(database, count: 5, quantity: 1, batchSize: 1, filters: filters)
        let daemon = try DaemonProcess(database: database, arguments: ["--once"], environment: ["CF_CONCURRENCY": "1"])
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "log: \(daemon.log)")

        let statuses = try await database.connection.query("SELECT status, coalesce(last_error, '') FROM generation_jobs")
            .map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
        #expect(statuses.filter { $0.0 == "completed" }.count == 1, "\(statuses)")
        let failed = statuses.filter { $0.0 == "failed" }
        #expect(failed.count == 4, "\(statuses)")
        #expect(failed.allSatisfy { $0.1.contains("E_SIMILAR") }, "\(failed)")
        let articles: Int = try await database.scalar("SELECT count(*)::int FROM generated_articles")
        #expect(articles == 1)
        #expect(daemon.log.contains("commit one by one"), "log: \(daemon.log)")
    }
}
