import Foundation
import PostgresClient
import PostgresTestSupport
import Synchronization
import Testing
@testable import ContentFactory

/// `generate` with a second connection: the next batch is written while the previous one commits,
/// and batches still commit in order, all or nothing (`ForegroundGeneration`).
@Suite struct OverlappedCommitTests {
    /// A job of 60 articles in batches of 7 (nine batches, the last one short), guard off so its
    /// batches commit independently.
    static let filters = SampleDatabase.filters(#", "max_similarity": 1"#)

    /// Every column the job wrote, in order.
    func rows(_ connection: PostgresConnection, job: UUID) async throws -> [String] {
        try await connection.query("""
            SELECT concat_ws('|', job_seq, title, slug, content, schema_json::text, status) FROM generated_articles
            WHERE job_id = $1 ORDER BY job_seq
            """, [job]).map { try $0.decode(String.self, at: 0) }
    }

    /// Runs the job (from its stored offset) and returns the offsets progress reported.
    func generate(_ job: UUID, on connection: PostgresConnection, companion: (@Sendable () async throws -> PostgresConnection)?) async throws -> [Int] {
        let record = try await ForegroundGeneration.loadJob(job, connection: connection)
        var offsets: [Int] = []
        try await ForegroundGeneration(threads: 2).run(job: record, connection: connection, companion: companion) { offsets.append($0.committed) }
        return offsets
    }

    @Test func twoConnectionsWriteWhatOneWritesInOrder() async throws {
        try await SampleDatabase.withSchema { connection, schema in
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            let alone = try await generate(job, on: connection, companion: nil)
            let written = try await rows(connection, job: job)
            #expect(written.count == 60)

            _ = try await connection.execute("DELETE FROM generated_articles WHERE job_id = $1", [job])
            _ = try await connection.execute("UPDATE generation_jobs SET current_offset = 0, progress = 0, status = 'pending' WHERE id = $1", [job])
            let opened = Mutex(0)
            let overlapped = try await generate(job, on: connection) {
                opened.withLock { $0 += 1 }
                return try await TestDatabase.connect(schema: schema)
            }
            #expect(opened.withLock { $0 } == 1, "one second connection")
            #expect(alone == Array(stride(from: 7, to: 60, by: 7)) + [60])
            #expect(overlapped == alone, "progress in order, once per batch")
            #expect(try await rows(connection, job: job) == written)
            let record = try await ForegroundGeneration.loadJob(job, connection: connection)
            #expect(record.currentOffset == 60 && record.status == .completed)
        }
    }

    @Test func aFailingBatchRollsBackTheBatchWrittenBesideIt() async throws {
        try await SampleDatabase.withSchema { connection, schema in
            // Batch [28, 35) fails in its COPY; batch [35, 42) is being written on the other connection.
            try await SampleDatabase.refuseArticle(30, on: connection)
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            let error = await #expect(throws: PostgresError.self) {
                try await generate(job, on: connection) { try await TestDatabase.connect(schema: schema) }
            }
            #expect(error?.message.contains("refused article 30") == true, "the failing batch's own error: \(String(describing: error))")
            let offset: Int = try await connection.query("SELECT current_offset FROM generation_jobs WHERE id = $1", [job])[0].decode(Int.self, at: 0)
            #expect(offset == 28)
            let positions = try await connection.query("SELECT job_seq FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [job])
                .map { try $0.decode(Int.self, at: 0) }
            #expect(positions == Array(0..<28), "nothing of the failing batch or of the one after it")
            #expect(try await connection.query("SELECT 1")[0].decode(Int.self, at: 0) == 1, "the connection stays usable")
        }
    }

    @Test(.timeLimit(.minutes(5)))  // a hang fails the test; the full suite's load makes a minute too short
    func batchesOfOneBaseOnASiteThatHasItChooseDistinctSlugs() async throws {
        try await SampleDatabase.withSchema { connection, schema in
            // 343 titles, one slug base. The second job's one-article batches find the first job's 300 slugs
            // taken and probe further up in ten round trips: a batch that started before the one
            // beside it had chosen would land on the same free slugs and wait for its row forever.
            let word = { (text: String) in "{" + ["", "!", ":", "?", ".", ",", ";"].map { text + $0 }.joined(separator: "|") + "}" }
            _ = try await connection.execute("UPDATE campaign_masters SET headline_spintax_root = $2 WHERE id = $1",
                                             [SampleDatabase.campaign, "\(word("Best")) \(word("Solar")) \(word("in")) Springfield"])
            let filters = SampleDatabase.filters(#", "max_similarity": 1, "geo": {"limit": 1}"#)
            let first = try await SampleDatabase.insertJob(connection, quantity: 300, batchSize: 100, filters: filters).id
            _ = try await generate(first, on: connection, companion: nil)
            let second = try await SampleDatabase.insertJob(connection, quantity: 24, batchSize: 1, filters: filters).id
            #expect(try await generate(second, on: connection) { try await TestDatabase.connect(schema: schema) } == Array(1...24))
            let slugs = try await connection.query("SELECT slug FROM generated_articles").map { try $0.decode(String.self, at: 0) }
            #expect(slugs.count == 324 && Set(slugs).count == 324)
            #expect(Set(slugs.map { $0.split(separator: "-").dropLast().joined(separator: "-") }).count <= 2, "one base")
        }
    }
}
