import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon as a process (Docs/Jobs.md): the real executable, the real generator and the sample
/// campaign, each test in a database of its own. Serialized: the timing claims (pickup within 100 ms)
/// should not compete with a sibling test's daemons for the two cores.
@Suite(.serialized) struct DaemonTests {
    @Test func notifiedJobStartsWithin100Milliseconds() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        // A long poll interval: only NOTIFY can explain a fast pickup.
        let daemon = try DaemonProcess(database: database, environment: ["CF_POLL_SECONDS": "30"])
        try await daemon.waitUntilWorking(database)
        try await Task.sleep(for: .milliseconds(200))
        var latencies: [Double] = []
        for _ in 0..<5 {
            let job = try await database.insertJob(quantity: 1, batchSize: 1)
            try await eventually("job claimed", timeout: .seconds(5)) {
                try await database.scalar("SELECT locked_at IS NOT NULL OR status <> 'pending' FROM generation_jobs WHERE id = $1", [job])
            }
            // Both clocks are the server's: the INSERT's now() and the claim's now().
            latencies.append(try await database.scalar(
                "SELECT extract(epoch FROM started_at - created_at)::float8 FROM generation_jobs WHERE id = $1", [job]))
            try await eventually("job finished", timeout: .seconds(10)) { try await database.status(of: job) == "completed" }
        }
        #expect(latencies.allSatisfy { $0 < 0.1 }, "pickup latencies (s): \(latencies)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func withoutListenAJobStartsWithinThePollInterval() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let daemon = try DaemonProcess(database: database, arguments: ["--no-listen"], environment: ["CF_POLL_SECONDS": "1"])
        try await daemon.waitUntilWorking(database)
        let job = try await database.insertJob(quantity: 1, batchSize: 1)
        try await eventually("job claimed", timeout: .seconds(5)) {
            try await database.scalar("SELECT started_at IS NOT NULL FROM generation_jobs WHERE id = $1", [job])
        }
        let latency: Double = try await database.scalar(
            "SELECT extract(epoch FROM started_at - created_at)::float8 FROM generation_jobs WHERE id = $1", [job])
        #expect(latency <= 1.25, "pickup latency \(latency) s with a 1 s poll")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func twoDaemonsRunTwentyJobsExactlyOnce() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let first = try DaemonProcess(database: database)
        let second = try DaemonProcess(database: database)
        try await first.waitUntilWorking(database)
        try await second.waitUntilWorking(database)
        var jobs: [UUID] = []
        for _ in 0..<20 { jobs.append(try await database.insertJob(quantity: 10, batchSize: 1)) }
        try await eventually("20 jobs completed", timeout: .seconds(90)) {
            try await database.scalar("SELECT count(*) FROM generation_jobs WHERE status = 'completed'", as: Int.self) == 20
        }
        for job in jobs { try await database.expectExactlyOnce(job, quantity: 10, batchSize: 1) }
        let workers: Int = try await database.scalar("SELECT count(DISTINCT details->>'worker') FROM work_log WHERE action = 'job.claimed'")
        #expect(workers == 2, "both daemons took jobs")
        first.signal(SIGTERM)
        second.signal(SIGTERM)
        #expect(await first.waitForExit(timeout: .seconds(15)) == 0)
        #expect(await second.waitForExit(timeout: .seconds(15)) == 0)
    }

    /// With the guard on, batches go one by one on the job's connection; with it off, on two.
    @Test(arguments: [DaemonDatabase.filters, DaemonDatabase.unguardedFilters])
    func sigkilledDaemonsJobResumesElsewhereAtTheCommittedOffset(filters: String) async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await database.setBatchDelay(0.25)
        let victim = try DaemonProcess(database: database, environment: ["CF_CONCURRENCY": "1"])
        try await victim.waitUntilWorking(database)
        let job = try await database.insertJob(quantity: 60, batchSize: 2, filters: filters)
        try await eventually("some batches committed", timeout: .seconds(20)) { try await database.offset(of: job) >= 4 }
        victim.signal(SIGKILL)
        _ = await victim.waitForExit(timeout: .seconds(5))
        // The server's clock (as work_log's "timestamp" column holds it), to time the takeover by the
        // rescuer's claim row: a poll can see the claim late under the full suite's load.
        let killedAt: Double = try await database.scalar("SELECT extract(epoch FROM clock_timestamp()::timestamp)::float8")
        // A batch whose COMMIT the victim had already sent (pipelined with its rows) still commits:
        // the committed offset is final once the victim's sessions have ended.
        try await eventually("the victim's sessions ended", timeout: .seconds(10)) { try await database.otherSessions() == 0 }
        let committed = try await database.offset(of: job)
        let rescuer = try DaemonProcess(database: database)
        try await waitForTakeover(of: job, by: rescuer, in: database, timeout: .seconds(15))
        // Lease 2 s + reaper 0.5 s, plus the rescuer's start-up and the dead batch's rollback.
        let claimedAt: Double = try await database.scalar("""
            SELECT extract(epoch FROM max("timestamp"))::float8 FROM work_log
            WHERE entity_id = $1 AND action = 'job.claimed' AND details->>'worker' LIKE $2
            """, [job.uuidString.lowercased(), rescuer.workerPattern])
        #expect(claimedAt - killedAt < 8, "claimed \(claimedAt - killedAt) s after the kill")
        try await database.setBatchDelay(0)
        try await eventually("job completed", timeout: .seconds(30)) { try await database.status(of: job) == "completed" }
        try await database.expectExactlyOnce(job, quantity: 60, batchSize: 2)
        let resumedAt: Int = try await database.scalar("""
            SELECT (details->>'offset')::int FROM work_log
            WHERE entity_id = $1 AND action = 'job.claimed' AND details->>'worker' LIKE $2
            """, [job.uuidString.lowercased(), rescuer.workerPattern])
        #expect(resumedAt == committed, "resumed at the last committed offset")
        let actions = try await database.actions(of: job)
        let expired = try #require(actions.firstIndex(of: "job.lease_expired"), "\(actions)")
        #expect(actions[(expired + 1)...].first == "job.claimed", "\(actions)")
        rescuer.signal(SIGTERM)
        #expect(await rescuer.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func sigtermReleasesAtABatchBoundaryAndAnotherDaemonTakesOver() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await database.setBatchDelay(0.25)
        let stopping = try DaemonProcess(database: database, environment: ["CF_CONCURRENCY": "1"])
        try await stopping.waitUntilWorking(database)
        // 120 batches at 0.25 s: the second daemon's start-up (seconds, under the full suite's load)
        // must not outlast the job, or the first daemon completes it before the signal.
        let job = try await database.insertJob(quantity: 240, batchSize: 2)
        try await eventually("some batches committed", timeout: .seconds(20)) { try await database.offset(of: job) >= 4 }
        let other = try DaemonProcess(database: database, environment: ["CF_POLL_SECONDS": "30"])
        try await other.waitUntilWorking(database)
        let signalled = ContinuousClock.now
        stopping.signal(SIGTERM)
        let status = await stopping.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "log: \(stopping.log)")
        #expect(ContinuousClock.now - signalled < .seconds(10), "exited within the soft timeout")
        try await waitForTakeover(of: job, by: other, in: database, timeout: .seconds(15))
        let gap: Double = try await database.scalar("""
            SELECT extract(epoch FROM c."timestamp" - r."timestamp")::float8
            FROM work_log r JOIN work_log c ON c.entity_id = r.entity_id AND c.action = 'job.claimed' AND c.id > r.id
            WHERE r.entity_id = $1 AND r.action = 'job.released'
            """, [job.uuidString.lowercased()])
        #expect(gap < 0.5, "picked up \(gap) s after the release (NOTIFY, not the 30 s poll)")
        let attempts = try await database.connection.query("""
            SELECT action, (details->>'attempt')::int, (details->>'offset')::int FROM work_log
            WHERE entity_id = $1 AND action IN ('job.claimed', 'job.released') ORDER BY id
            """, [job.uuidString.lowercased()]).map { (try $0.decode(String.self, at: 0), try $0.decode(Int.self, at: 1), try $0.decode(Int.self, at: 2)) }
        #expect(attempts.map(\.0) == ["job.claimed", "job.released", "job.claimed"])
        #expect(attempts.map(\.1) == [1, 1, 1], "attempt unchanged by a release")
        #expect(attempts[1].2 == attempts[2].2 && attempts[1].2 > 0, "resumed where it was released")
        try await database.setBatchDelay(0)
        try await eventually("job completed", timeout: .seconds(30)) { try await database.status(of: job) == "completed" }
        try await database.expectExactlyOnce(job, quantity: 240, batchSize: 2)
        other.signal(SIGTERM)
        #expect(await other.waitForExit(timeout: .seconds(15)) == 0)
    }

    /// With the guard off, the stopped daemon holds two sessions, the batch beside the fenced one
    /// holding no job-row lock: the reaper ends it by the job's advisory lock.
    @Test(arguments: [DaemonDatabase.filters, DaemonDatabase.unguardedFilters])
    func aStoppedZombieWritesNothingAfterLosingItsLease(filters: String) async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        // Only the reaper may end the stopped sessions here, not the server's idle timeout.
        try await database.connection.execute("ALTER DATABASE \(database.name) RESET idle_in_transaction_session_timeout")
        try await database.setBatchDelay(0.25)
        let zombie = try DaemonProcess(database: database, environment: ["CF_CONCURRENCY": "1"])
        try await zombie.waitUntilWorking(database)
        // On two connections the batches go twice as fast: a longer job leaves time to catch the moment.
        let quantity = filters == DaemonDatabase.unguardedFilters ? 240 : 60
        let job = try await database.insertJob(quantity: quantity, batchSize: 2, filters: filters)
        try await eventually("some batches committed", timeout: .seconds(20)) { try await database.offset(of: job) >= 4 }
        if filters == DaemonDatabase.unguardedFilters {
            // Stopped while the batch on the companion connection holds rows it has not committed.
            try await eventually("the companion session holds uncommitted rows", timeout: .seconds(20)) {
                try await database.scalar("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = 'content-factory/worker-companion' AND backend_xid IS NOT NULL
                    """) > 0
            }
        }
        zombie.signal(SIGSTOP)
        let rescuer = try DaemonProcess(database: database)
        try await waitForTakeover(of: job, by: rescuer, in: database, timeout: .seconds(40))
        // The stopped sessions' uncommitted rows would hold the rescuer's batches back until SIGCONT:
        // the reaper must have ended every one of them.
        let takenAt = try await database.offset(of: job)
        try await eventually("the rescuer commits while the zombie is still stopped", timeout: .seconds(20)) {
            try await database.offset(of: job) >= min(takenAt + 4, quantity)
        }
        let zombieRowsBefore: Int = try await database.scalar(
            "SELECT count(*) FROM work_log WHERE details->>'worker' LIKE $1", [zombie.workerPattern])
        zombie.signal(SIGCONT)
        try await database.setBatchDelay(0.05)
        try await eventually("job completed", timeout: .seconds(30)) { try await database.status(of: job) == "completed" }
        try await Task.sleep(for: .seconds(1.5))
        let zombieRowsAfter: Int = try await database.scalar(
            "SELECT count(*) FROM work_log WHERE details->>'worker' LIKE $1", [zombie.workerPattern])
        #expect(zombieRowsAfter == zombieRowsBefore, "the zombie wrote nothing after SIGCONT")
        try await database.expectExactlyOnce(job, quantity: quantity, batchSize: 2)
        #expect(zombie.process.isRunning, "the zombie survives and keeps serving")
        zombie.signal(SIGTERM)
        rescuer.signal(SIGTERM)
        #expect(await zombie.waitForExit(timeout: .seconds(15)) == 0)
        #expect(await rescuer.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func terminatedBackendsAreReconnectedAndEveryJobFinishes() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await database.setBatchDelay(0.1)
        // The retried job (run_at after its backoff) is found by the poll; new jobs by NOTIFY.
        let daemon = try DaemonProcess(database: database, environment: ["CF_POLL_SECONDS": "3"])
        try await daemon.waitUntilWorking(database)
        var jobs: [UUID] = []
        for _ in 0..<3 { jobs.append(try await database.insertJob(quantity: 12, batchSize: 2)) }
        try await eventually("a job is under way", timeout: .seconds(10)) {
            try await database.scalar("SELECT count(*) FROM generation_jobs WHERE current_offset > 0", as: Int.self) > 0
        }
        let terminated: Int = try await database.scalar("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name IN ('content-factory/listen', 'content-factory/worker-1')
            """)
        #expect(terminated == 2)
        try await database.setBatchDelay(0)
        do {
            try await eventually("the first jobs completed", timeout: .seconds(30)) {
                try await database.scalar("SELECT count(*) FROM generation_jobs WHERE status = 'completed'", as: Int.self) == 3
            }
        } catch {
            let states = try await database.connection.query("SELECT status, current_offset, attempt, run_at::text, last_error FROM generation_jobs")
                .map { "\(try $0.decode(String.self, at: 0)) \(try $0.decode(Int?.self, at: 1) ?? -1) \(try $0.decode(Int.self, at: 2)) \(try $0.decode(String.self, at: 3)) \(try $0.decode(String?.self, at: 4) ?? "")" }
            Issue.record("jobs: \(states)\nlog:\n\(daemon.log)")
            throw error
        }
        // LISTEN is back: a new job is picked up by NOTIFY, well before the 3 s poll.
        let late = try await database.insertJob(quantity: 2, batchSize: 1)
        try await eventually("late job completed", timeout: .seconds(5)) { try await database.status(of: late) == "completed" }
        let latency: Double = try await database.scalar(
            "SELECT extract(epoch FROM started_at - created_at)::float8 FROM generation_jobs WHERE id = $1", [late])
        #expect(latency < 0.5, "late job picked up after \(latency) s")
        for job in jobs { try await database.expectExactlyOnce(job, quantity: 12, batchSize: 2) }
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func cancelledPendingAndRunningJobsEndCancelled() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await database.setBatchDelay(0.25)
        let daemon = try DaemonProcess(database: database)
        try await daemon.waitUntilWorking(database)
        let waiting = try await database.insertJob(quantity: 4, batchSize: 2, extra: "now() + interval '1 hour'")
        let running = try await database.insertJob(quantity: 40, batchSize: 2)
        try await eventually("running job committed a batch", timeout: .seconds(20)) { try await database.offset(of: running) >= 2 }
        try await database.connection.execute("UPDATE generation_jobs SET cancel_requested_at = now() WHERE id IN ($1, $2)", [waiting, running])
        let requested = ContinuousClock.now
        try await eventually("running job cancelled", timeout: .seconds(15)) { try await database.status(of: running) == "cancelled" }
        // One heartbeat (0.5 s) plus the batch in flight being rolled back; well under the 30 s lease
        // even when the full suite keeps both cores busy (it once took over 5 s then).
        #expect(ContinuousClock.now - requested < .seconds(5))
        try await eventually("pending job cancelled", timeout: .seconds(5)) { try await database.status(of: waiting) == "cancelled" }
        let offset = try await database.offset(of: running)
        #expect(offset > 0 && offset < 40)
        let kept: Int = try await database.scalar("SELECT count(*) FROM generated_articles WHERE job_id = $1", [running])
        #expect(kept == offset, "committed batches kept, nothing else")
        #expect(try await database.actions(of: running).last == "job.cancelled")
        #expect(try await database.actions(of: waiting) == ["job.cancelled"])
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func brokenTemplateFailsOnceWithADiagnostic() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await database.connection.execute(
            "UPDATE campaign_masters SET headline_spintax_root = '{Solar|Sun panels in {City}' WHERE id = $1", [DaemonDatabase.campaign])
        let job = try await database.insertJob(quantity: 4, batchSize: 2)
        let outcome = try CommandRunner.run(["run", "--once", "--database-url", database.url],
                                            environment: DaemonProcess.testEnvironment, removing: ["DATABASE_URL"])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        let row = try await database.connection.query(
            "SELECT status, attempt, last_error, jsonb_array_length(errors) FROM generation_jobs WHERE id = $1", [job])[0]
        #expect(try row.decode(String.self, at: 0) == "failed")
        #expect(try row.decode(Int.self, at: 1) == 1, "no retry")
        let lastError = try row.decode(String.self, at: 2)
        #expect(lastError.contains("E_VALIDATION") && lastError.contains(":1:"), "last_error: \(lastError)")
        #expect(try row.decode(Int.self, at: 3) == 1)
        #expect(try await database.actions(of: job) == ["job.claimed", "job.failed"])
        let details: String = try await database.scalar(
            "SELECT details::text FROM work_log WHERE entity_id = $1 AND action = 'job.failed'", [job.uuidString.lowercased()])
        #expect(details.contains("\"line\"") && details.contains("\"column\"") && details.contains("diagnostics"), "\(details)")
        let articles: Int = try await database.scalar("SELECT count(*) FROM generated_articles WHERE job_id = $1", [job])
        #expect(articles == 0)
    }

    @Test func runRefusesAnOutdatedSchemaWithExit78() async throws {
        let admin = try await TestDatabase.connect()
        let name = TestDatabase.uniqueName(prefix: "cfe")
        try await admin.executeScript("CREATE DATABASE \(name)")
        defer { Task { _ = try? await admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)"); await admin.close() } }
        let outcome = try CommandRunner.run(["run", "--database-url", try DaemonDatabase.url(forDatabase: name)], removing: ["DATABASE_URL"])
        #expect(outcome.status == 78)
        #expect(outcome.standardError.contains("content-factory migrate"), "stderr: \(outcome.standardError)")
    }

    /// Waits until `rescuer` has claimed `job`; on timeout, records why not: the job's log rows and
    /// status, every session of the database (state, wait, seconds in that state, statement) and the
    /// rescuer's log.
    private func waitForTakeover(of job: UUID, by rescuer: DaemonProcess, in database: DaemonDatabase, timeout: Duration) async throws {
        do {
            try await eventually("the rescuer took the job", timeout: timeout) { try await database.hasClaimed(job, by: rescuer) }
            return
        } catch {
            Issue.record(Comment(rawValue: try await takeoverDiagnostics(database, job: job, rescuer: rescuer)))
            throw error
        }
    }

    private func takeoverDiagnostics(_ database: DaemonDatabase, job: UUID, rescuer: DaemonProcess) async throws -> String {
        let sessions = try await database.connection.query("""
            SELECT application_name || ' ' || state || ' ' || coalesce(wait_event_type, '-') || '/' || coalesce(wait_event, '-')
                   || ' ' || round(extract(epoch FROM now() - state_change))::text || 's: ' || left(query, 120)
            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """).map { try $0.decode(String.self, at: 0) }
        return "job: \(try await database.actions(of: job)), status \(try await database.status(of: job)); sessions:\n"
            + sessions.joined(separator: "\n") + "\nrescuer's log:\n" + rescuer.log
    }
}
