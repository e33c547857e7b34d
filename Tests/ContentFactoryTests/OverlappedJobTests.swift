import Foundation
import Logging
import PostgresClient
import PostgresTestSupport
import Synchronization
import Testing
@testable import ContentFactory

/// The queue's runner with a companion connection: a job's batches are written beside each other
/// (`OverlappedCommits`), each fenced at its commit point, and the queue's guarantees hold as with
/// one connection.
@Suite struct OverlappedJobTests {
    /// 60 articles in batches of 7 (nine batches, the last one short), guard off so they commit
    /// independently.
    static let filters = SampleDatabase.filters(#", "max_similarity": 1"#)
    static let worker = WorkerIdentity(id: "overlap-test/1/u")

    /// Claims `job` and runs it with a companion connection to `schema` (nil: one connection);
    /// returns the outcome and how many companion connections were opened.
    func run(_ job: UUID, on connection: PostgresConnection, companion schema: String?) async throws -> (JobRunner.Outcome, Int) {
        let store = JobStore(worker: Self.worker)
        let claimed = try await store.claim(limit: 1, on: connection)
        #expect(claimed.map(\.id) == [job])
        var runner = JobRunner(store: store, generator: CampaignArticleGenerator(), renderer: BatchRenderer(parallelism: 2),
                               backoff: RetryBackoff(), logger: Logger(label: "overlap-test"))
        let opened = Mutex(0)
        if let schema {
            runner.companion = {
                opened.withLock { $0 += 1 }
                return try await TestDatabase.connect(schema: schema)
            }
        }
        let outcome = await runner.run(JobControl(job: try #require(claimed.first)), on: connection)
        return (outcome, opened.withLock { $0 })
    }

    func rows(_ connection: PostgresConnection, job: UUID) async throws -> [String] {
        try await connection.query("""
            SELECT concat_ws('|', job_seq, title, slug, content, schema_json::text, status) FROM generated_articles
            WHERE job_id = $1 ORDER BY job_seq
            """, [job]).map { try $0.decode(String.self, at: 0) }
    }

    func positions(_ connection: PostgresConnection, job: UUID) async throws -> [Int] {
        try await connection.query("SELECT job_seq FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [job])
            .map { try $0.decode(Int.self, at: 0) }
    }

    /// The `to_offset` of each `batch.committed` row, in the order they were written.
    func progress(_ connection: PostgresConnection, job: UUID) async throws -> [Int] {
        try await connection.query("""
            SELECT (details->>'to_offset')::int FROM work_log WHERE entity_id = $1 AND action = 'batch.committed' ORDER BY id
            """, [job.uuidString.lowercased()]).map { try $0.decode(Int.self, at: 0) }
    }

    func offset(_ connection: PostgresConnection, job: UUID) async throws -> Int {
        try await connection.query("SELECT coalesce(current_offset, 0) FROM generation_jobs WHERE id = $1", [job])[0].decode(Int.self, at: 0)
    }

    @Test func twoConnectionsWriteWhatOneWritesInOrder() async throws {
        try await SampleDatabase.withSchema { connection, schema in
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            #expect(try await run(job, on: connection, companion: nil) == (.completed, 0))
            let written = try await rows(connection, job: job)
            #expect(written.count == 60)
            let batches = Array(stride(from: 7, to: 60, by: 7)) + [60]
            #expect(try await progress(connection, job: job) == batches)

            try await connection.executeScript("""
                DELETE FROM generated_articles; DELETE FROM work_log;
                UPDATE generation_jobs SET current_offset = 0, progress = 0, status = 'pending', finished_at = NULL;
                """)
            #expect(try await run(job, on: connection, companion: schema) == (.completed, 1), "one companion connection")
            #expect(try await rows(connection, job: job) == written)
            #expect(try await progress(connection, job: job) == batches, "progress in order, once per batch")
            let completed = try await connection.query("""
                SELECT (details->>'articles')::int FROM work_log WHERE entity_id = $1 AND action = 'job.completed'
                """, [job.uuidString.lowercased()])
            #expect(try completed.map { try $0.decode(Int.self, at: 0) } == [60])
            let status = try await connection.query("SELECT status, current_offset, locked_by FROM generation_jobs WHERE id = $1", [job])[0]
            #expect(try status.decode(String.self, at: 0) == "completed" && status.decode(Int.self, at: 1) == 60)
            #expect(try status.decode(String?.self, at: 2) == nil)
        }
    }

    @Test func aFailingBatchRollsBackTheBatchWrittenBesideIt() async throws {
        try await SampleDatabase.withSchema { connection, schema in
            // Batch [28, 35) fails in its COPY; batch [35, 42) is being written on the other connection.
            try await SampleDatabase.refuseArticle(30, on: connection)
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            let (outcome, opened) = try await run(job, on: connection, companion: schema)
            #expect(opened == 1)
            #expect(outcome == .failed || outcome == .retryScheduled)
            #expect(try await offset(connection, job: job) == 28)
            #expect(try await positions(connection, job: job) == Array(0..<28), "nothing of the failing batch or of the one after it")
            let error = try await connection.query("SELECT last_error FROM generation_jobs WHERE id = $1", [job])[0].decode(String?.self, at: 0)
            #expect(error?.contains("refused article 30") == true, "the failing batch's own error: \(String(describing: error))")
            #expect(try await progress(connection, job: job) == [7, 14, 21, 28])
        }
    }

    @Test func aBatchThatARedoMendsIsWrittenAgainAloneWithTheOneAfterIt() async throws {
        try await SampleDatabase.withSchema { connection, schema in
            // Once (a sequence is not rolled back), batch [28, 35) meets a serialization failure.
            try await connection.executeScript("""
                CREATE SEQUENCE conflict_once;
                CREATE FUNCTION conflict_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('conflict_once') = 1 THEN
                        RAISE EXCEPTION 'could not serialize article %', NEW.job_seq USING ERRCODE = '40001';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER conflict_once BEFORE INSERT ON generated_articles
                    FOR EACH ROW WHEN (NEW.job_seq = 30) EXECUTE FUNCTION conflict_once();
                """)
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            #expect(try await run(job, on: connection, companion: schema) == (.completed, 1))
            #expect(try await positions(connection, job: job) == Array(0..<60))
            #expect(try await progress(connection, job: job) == Array(stride(from: 7, to: 60, by: 7)) + [60])
            let attempts = try await connection.query("SELECT attempt FROM generation_jobs WHERE id = $1", [job])[0].decode(Int.self, at: 0)
            #expect(attempts == 1, "redone in place, not retried")
        }
    }

    /// A stop while batch [28, 35) sleeps in its COPY: a cancel (from the database, seen at the next
    /// fence) or a shutdown (the worker's own). Either way the job ends with exactly the batches
    /// before its `current_offset`, and a shutdown lets the batches in flight commit first.
    @Test(arguments: [JobRunner.Outcome.cancelled, .released])
    func aStoppedJobKeepsExactlyItsCommittedBatches(ending: JobRunner.Outcome) async throws {
        try await SampleDatabase.withSchema { connection, schema in
            try await SampleDatabase.slowArticle(30, on: connection)
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            let store = JobStore(worker: Self.worker)
            let claimed = try #require(try await store.claim(limit: 1, on: connection).first)
            var runner = JobRunner(store: store, generator: CampaignArticleGenerator(), renderer: BatchRenderer(parallelism: 2),
                                   backoff: RetryBackoff(), logger: Logger(label: "overlap-test"))
            runner.companion = { try await TestDatabase.connect(schema: schema) }
            let control = JobControl(job: claimed)
            let watcher = try await TestDatabase.connect(schema: schema)
            let stopper = Task {
                try await eventually("the batch sleeps", timeout: .seconds(30)) {
                    try await SampleDatabase.slept(watcher)
                }
                if ending == .cancelled {
                    _ = try await watcher.execute("UPDATE generation_jobs SET cancel_requested_at = now() WHERE id = $1", [job])
                } else {
                    control.stop(.shutdown)
                }
            }
            let outcome = await runner.run(control, on: connection)
            try await stopper.value
            await watcher.close()
            #expect(outcome == ending)
            let offset = try await offset(connection, job: job)
            #expect(try await positions(connection, job: job) == Array(0..<offset), "exactly the committed batches")
            #expect(offset < 60 && offset % 7 == 0)
            if ending == .released { #expect(offset >= 35, "the batches in flight committed before the release") }
            let status = try await connection.query("SELECT status FROM generation_jobs WHERE id = $1", [job])[0].decode(String.self, at: 0)
            #expect(status == (ending == .cancelled ? "cancelled" : "pending"))
            #expect(try await progress(connection, job: job) == Array(stride(from: 7, through: offset, by: 7)), "progress in order")
        }
    }

    /// The session of batch [28, 35) (the job's own connection) or of batch [35, 42) (the companion)
    /// is ended mid-COPY: the job resumes in place, on a new companion, as with one connection.
    @Test(arguments: [30, 37])
    func aBatchWhoseSessionEndsIsResumedInPlace(sequence: Int) async throws {
        try await SampleDatabase.withSchema { connection, schema in
            // setval, like nextval, is not rolled back: the sleeping session's pid reaches the watcher.
            try await connection.executeScript("""
                CREATE SEQUENCE sleeper;
                CREATE FUNCTION slow_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT (SELECT is_called FROM sleeper) THEN
                        PERFORM setval('sleeper', pg_backend_pid());
                        PERFORM pg_sleep(5);
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER slow_article BEFORE INSERT ON generated_articles
                    FOR EACH ROW WHEN (NEW.job_seq = \(sequence)) EXECUTE FUNCTION slow_article();
                """)
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            // The job's connection reconnects: its schema must come with it.
            let own = try await PostgresConnection.connect(try TestDatabase.configuration(schema: schema))
            let watcher = try await TestDatabase.connect(schema: schema)
            let killer = Task {
                try await eventually("the batch sleeps", timeout: .seconds(30)) {
                    try await watcher.query("SELECT is_called FROM sleeper")[0].decode(Bool.self, at: 0)
                }
                _ = try await watcher.query("SELECT pg_terminate_backend(last_value::int) FROM sleeper")
            }
            let (outcome, opened) = try await run(job, on: own, companion: schema)
            try await killer.value
            await watcher.close()
            await own.close()
            #expect(outcome == .completed)
            #expect(opened == 2, "a new companion for the resumed run")
            #expect(try await positions(connection, job: job) == Array(0..<60))
            #expect(try await progress(connection, job: job) == Array(stride(from: 7, to: 60, by: 7)) + [60], "each batch once, in order")
            let row = try await connection.query("SELECT attempt, status FROM generation_jobs WHERE id = $1", [job])[0]
            #expect(try row.decode(Int.self, at: 0) == 1 && row.decode(String.self, at: 1) == "completed", "resumed in place, not retried")
            let lost = try await connection.query(
                "SELECT count(*) FROM work_log WHERE entity_id = $1 AND action = 'job.connection_lost'", [job.uuidString.lowercased()])
            #expect(try lost[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func aLostLeaseStopsTheBatchesAtTheirCommitFence() async throws {
        try await SampleDatabase.withSchema { connection, schema in
            // Batch [28, 35) sleeps in its COPY while another worker takes the job.
            try await SampleDatabase.slowArticle(30, on: connection)
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 7, filters: Self.filters).id
            let watcher = try await TestDatabase.connect(schema: schema)
            let thief = Task {
                // ... once the batch before it committed (it may still be waiting for its turn).
                try await eventually("the batch sleeps after the one before it committed", timeout: .seconds(30)) {
                    guard try await SampleDatabase.slept(watcher) else { return false }
                    return try await offset(watcher, job: job) == 28
                }
                _ = try await watcher.execute("UPDATE generation_jobs SET locked_by = 'thief/1/u', attempt = attempt + 1 WHERE id = $1", [job])
            }
            let (outcome, opened) = try await run(job, on: connection, companion: schema)
            try await thief.value
            await watcher.close()
            #expect(opened == 1)
            #expect(outcome == .leaseLost)
            #expect(try await offset(connection, job: job) == 28)
            #expect(try await positions(connection, job: job) == Array(0..<28), "nothing after the lease was lost")
            #expect(try await connection.query("SELECT 1")[0].decode(Int.self, at: 0) == 1, "the connection stays usable")
        }
    }
}
