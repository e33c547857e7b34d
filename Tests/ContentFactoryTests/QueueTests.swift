import ContentFactory
import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct QueueValueTests {
    @Test(arguments: [(1, 30.0), (2, 60.0), (3, 120.0), (7, 1800.0), (40, 1800.0)])
    func backoffDoublesUpToTheCap(attempt: Int, seconds: Double) {
        let backoff = RetryBackoff()
        #expect(backoff.nominalDelay(afterAttempt: attempt) == .seconds(seconds))
        for _ in 0..<50 {
            let delay = backoff.delay(afterAttempt: attempt).seconds
            #expect(delay >= seconds * 0.9 - 1e-9 && delay <= seconds * 1.1 + 1e-9)
        }
    }

    @Test func settingsRefuseALeaseShorterThanTwoHeartbeats() throws {
        var settings = QueueSettings()
        try settings.validate()
        settings.lease = .seconds(9)
        #expect(throws: QueueSettings.Invalid.self) { try settings.validate() }
        settings.lease = .seconds(30)
        settings.concurrency = 0
        #expect(throws: QueueSettings.Invalid.self) { try settings.validate() }
        #expect(QueueSettings().selfFencingDeadline == .seconds(25))
    }

    @Test func jsonTextEscapesAndSortsKeys() throws {
        let value: JSONValue = .object(["b": .array([.integer(1), .number(2.5), .null]), "a": .string("q\"\\\n\u{1}"), "c": .bool(true)])
        let text = JSONText.encode(value)
        #expect(text == #"{"a":"q\"\\\n\u0001","b":[1,2.5,null],"c":true}"#)
        #expect(try JSONValue(parsing: text) == value)
    }

    /// Docs/Jobs.md#work_log: the documented keys are always present, whatever the outcome.
    @Test func workLogEntriesCarryTheirDocumentedKeys() throws {
        let job = JobRecord(id: UUID(), siteID: UUID(), status: .processing, targetQuantity: 10, batchSize: 5, filters: nil,
                            currentOffset: 0, attempt: 2, maxAttempts: 5, lockedBy: "w", createdAt: Date(), cancelRequestedAt: nil)
        let worker = WorkerIdentity(id: "host/1/u")
        let failure = JobFailure(.permanent, code: "E002", message: "'{' is never closed", line: 1, column: 4, source: "headline")
        let cases: [(WorkLogEntry, String, String, Set<String>)] = [
            (.batchCommitted(job, worker: worker, from: 0, to: 5, progress: 50, milliseconds: 3, summary: nil), "info", "processing",
             ["worker", "attempt", "from_offset", "to_offset", "articles", "progress", "ms"]),
            (.completed(job, worker: worker, articles: 10, seconds: 1), "info", "completed",
             ["worker", "attempt", "articles", "seconds", "articles_per_second"]),
            (.failed(job, worker: worker, offset: 0, failure: failure), "error", "failed", ["worker", "attempt", "offset", "error", "diagnostics"]),
            (.retryScheduled(job, worker: worker, offset: 5, failure: failure), "warning", "pending", ["worker", "attempt", "offset", "error"]),
            (.released(job, worker: worker, offset: 5, reason: "shutdown"), "info", "pending", ["worker", "attempt", "offset", "reason"]),
            (.cancelled(job, worker: worker, offset: 5), "warning", "cancelled", ["worker", "offset"]),
        ]
        for (entry, level, status, keys) in cases {
            #expect(entry.level == level && entry.status == status, "\(entry.action)")
            #expect(Set(entry.details.keys) == keys, "\(entry.action)")
            #expect(entry.entityType == "generation_jobs" && entry.entityID == job.id.uuidString.lowercased())
        }
        let error = try #require(WorkLogEntry.failed(job, worker: worker, offset: 0, failure: failure).details["error"])
        #expect(error == .object(["code": .string("E002"), "message": .string("'{' is never closed"), "line": .integer(1),
                                  "column": .integer(4), "source": .string("headline")]))
        let started = WorkLogEntry.worker("worker.started", worker: worker, version: "1", concurrency: 2, listen: false)
        #expect(started.entityType == "worker" && started.status == nil
                && Set(started.details.keys) == ["worker", "version", "concurrency", "listen"])
        #expect(started.details["listen"] == .bool(false))
        let lost = WorkLogEntry.connectionLost(job, worker: worker, offset: 4, failure: JobFailure(classifying: PostgresError(
            code: .queryFailed, message: "terminating connection due to administrator command", sqlState: "57P01")),
            secondsGone: 1.23456, outcome: "resumed")
        #expect(lost.action == "job.connection_lost" && lost.level == "warning")
        #expect(Set(lost.details.keys) == ["worker", "attempt", "offset", "error", "seconds_gone", "outcome"])
        #expect(lost.details["seconds_gone"] == .number(1.235))
    }

    @Test func failuresAreClassifiedPermanentTransientOrInterrupted() {
        let generation = JobFailure(classifying: GenerationError(.capacity, "space 72 < 100 asked"))
        #expect(generation.disposition == .permanent && generation.code == "E_CAPACITY")
        #expect(generation.lastError == "E_CAPACITY: space 72 < 100 asked")
        let spec = JobFailure(classifying: JobSpecError(.unknownKey, key: "geoo", message: "unknown key"))
        #expect(spec.disposition == .permanent && spec.source == "filters.geoo")
        let lost = JobFailure(classifying: PostgresError(code: .connectionLost, message: "gone"))
        #expect(lost.disposition == .interrupted && lost.needsReconnect)
        let readOnly = JobFailure(classifying: PostgresError(code: .queryFailed, message: "read-only", sqlState: "25006"))
        #expect(readOnly.disposition == .interrupted && readOnly.needsReconnect)
        let deadlock = JobFailure(classifying: PostgresError(code: .queryFailed, message: "deadlock", sqlState: "40P01"))
        #expect(deadlock.disposition == .interrupted && !deadlock.needsReconnect && deadlock.code == "40P01")
        let unique = JobFailure(classifying: PostgresError(code: .queryFailed, message: "dup", sqlState: "23505"))
        #expect(unique.disposition == .transient && !unique.needsReconnect)
        #expect(JobFailure(classifying: CancellationError()).disposition == .transient)
    }

    @Test func stopReasonsOnlyEscalate() {
        let job = JobRecord(id: UUID(), siteID: nil, status: .processing, targetQuantity: 1, batchSize: 1, filters: nil,
                            currentOffset: 0, attempt: 1, maxAttempts: 5, lockedBy: nil, createdAt: Date(), cancelRequestedAt: nil)
        let control = JobControl(job: job)
        control.stop(.cancelRequested)
        control.stop(.shutdown)
        #expect(control.stopReason == .cancelRequested)
        control.stop(.leaseLost)
        #expect(control.stopReason == .leaseLost)
    }

    @Test func doorbellKeepsARingAndTimesOut() async {
        let doorbell = Doorbell()
        doorbell.ring()
        let start = ContinuousClock.now
        await doorbell.wait(timeout: .seconds(10))
        #expect(ContinuousClock.now - start < .seconds(1), "a ring before the wait is kept")
        await doorbell.wait(timeout: .milliseconds(50))
        #expect(ContinuousClock.now - start >= .milliseconds(50))
    }

    @Test(arguments: [false, true])
    func systemdNotifierReachesPathAndAbstractSockets(abstract: Bool) throws {
        let name = "cf-test-\(UUID().uuidString.prefix(8))"
        let path = abstract ? "@" + name : FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor); if !abstract { unlink(path) } }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(length)) }
        }
        #expect(bound == 0)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000"])
        #expect(notifier.watchdogInterval == .seconds(2))
        #expect(notifier.ready(status: "jobs: 0 running"))
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "READY=1\nSTATUS=jobs: 0 running")
        #expect(!SystemdNotifier(environment: [:]).ready(status: "x"), "no socket, nothing sent")
    }
}

/// The queue's SQL against a real database (each test in its own schema).
@Suite struct QueueSQLTests {
    /// The claim of Docs/Jobs.md#claim is quoted verbatim in the claim statement.
    @Test func claimContainsTheContractsCTE() {
        let contract = """
            WITH next AS MATERIALIZED ( SELECT id FROM generation_jobs WHERE status = 'pending' AND run_at <= now() \
            AND attempt < max_attempts AND cancel_requested_at IS NULL ORDER BY priority DESC, run_at, created_at \
            LIMIT $1 FOR NO KEY UPDATE SKIP LOCKED)
            """
        let squeezed = JobQueries.claim.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(squeezed.contains(contract))
        #expect(squeezed.contains("SET status = 'processing', attempt = j.attempt + 1, locked_by = $2, locked_at = now(), heartbeat_at = now(), started_at = coalesce(j.started_at, now()), updated_at = now() FROM next WHERE j.id = next.id RETURNING j.*"))
    }

    @Test func reaperTakesBackLegacyRowsWithoutHeartbeatAndFinalisesCancelledPending() async throws {
        try await TestDatabase.withSchema { connection, _ in
            _ = try await SchemaMigrator().migrate(on: connection)
            let stale = try await connection.query("""
                INSERT INTO generation_jobs (target_quantity, status, attempt, locked_by, locked_at, heartbeat_at, current_offset)
                VALUES (10, 'processing', 1, 'old/1/x', now() - interval '1 hour', NULL, 4) RETURNING id
                """)[0].decode(UUID.self, at: 0)
            let exhausted = try await connection.query("""
                INSERT INTO generation_jobs (target_quantity, status, attempt, max_attempts, locked_by, heartbeat_at)
                VALUES (10, 'processing', 5, 5, 'old/1/x', now() - interval '1 hour') RETURNING id
                """)[0].decode(UUID.self, at: 0)
            let fresh = try await connection.query("""
                INSERT INTO generation_jobs (target_quantity, status, attempt, locked_by, heartbeat_at)
                VALUES (10, 'processing', 1, 'live/1/y', now()) RETURNING id
                """)[0].decode(UUID.self, at: 0)
            let cancelled = try await connection.query("""
                INSERT INTO generation_jobs (target_quantity, cancel_requested_at) VALUES (10, now()) RETURNING id
                """)[0].decode(UUID.self, at: 0)
            let reaper = JobReaper(lease: .seconds(30), backoff: RetryBackoff())
            let (expired, finalised) = try await reaper.reap(on: connection)
            #expect(expired == 2 && finalised == 1)
            func status(_ id: UUID) async throws -> String {
                try await connection.query("SELECT status FROM generation_jobs WHERE id = $1", [id])[0].decode(String.self, at: 0)
            }
            #expect(try await status(stale) == "pending")
            #expect(try await status(exhausted) == "failed")
            #expect(try await status(fresh) == "processing")
            #expect(try await status(cancelled) == "cancelled")
            let logged = try await connection.query("""
                SELECT status, details->>'previous_worker', (details->>'offset')::int FROM work_log
                WHERE entity_id = $1 AND action = 'job.lease_expired'
                """, [stale.uuidString.lowercased()])
            #expect(logged.count == 1)
            #expect(try logged[0].decode(String.self, at: 0) == "pending")
            #expect(try logged[0].decode(String.self, at: 1) == "old/1/x")
            #expect(try logged[0].decode(Int.self, at: 2) == 4)
            // A first expiry is retried at once (Docs/Jobs.md#leases-heartbeats-and-the-reaper: recovered within lease + reaper interval).
            let runAt = try await connection.query("SELECT run_at <= now() FROM generation_jobs WHERE id = $1", [stale])
            #expect(try runAt[0].decode(Bool.self, at: 0))
            #expect(try await reaper.reap(on: connection) == (0, 0))
        }
    }

    @Test func reaperEndsAStoppedWorkersSessionHoldingAnExpiredJob() async throws {
        try await TestDatabase.withSchema { connection, schema in
            _ = try await SchemaMigrator().migrate(on: connection)
            func job(heartbeat: String) async throws -> UUID {
                try await connection.query("""
                    INSERT INTO generation_jobs (target_quantity, status, attempt, locked_by, heartbeat_at)
                    VALUES (10, 'processing', 1, 'w/1/x', \(heartbeat)) RETURNING id
                    """)[0].decode(UUID.self, at: 0)
            }
            let expired = try await job(heartbeat: "now() - interval '1 hour'")
            let live = try await job(heartbeat: "now()")
            // Two workers in the middle of a batch transaction (the fence has locked their job's row),
            // waiting on their client: one whose lease expired (a stopped process), one whose has not.
            func worker(holding id: UUID) async throws -> (PostgresConnection, String) {
                let name = "content-factory/worker-" + TestDatabase.uniqueName(prefix: "reaper")
                let session = try await PostgresConnection.connect(try TestDatabase.configuration(applicationName: name))
                try await session.executeScript("SET search_path TO " + session.quoteIdentifier(schema) + "; BEGIN")
                _ = try await session.query("UPDATE generation_jobs SET current_offset = 2 WHERE id = $1", [id])
                return (session, name)
            }
            let (stopped, stoppedName) = try await worker(holding: expired)
            let (running, runningName) = try await worker(holding: live)
            // A batch written beside another (`JobQueries.leaseCheck`): no row lock, only the job's
            // shared advisory lock, with its uncommitted rows; its lease expired too.
            let besideExpired = try await job(heartbeat: "now() - interval '1 hour'")
            let besideName = "content-factory/worker-" + TestDatabase.uniqueName(prefix: "reaper")
            let beside = try await PostgresConnection.connect(try TestDatabase.configuration(applicationName: besideName))
            try await beside.executeScript("SET search_path TO " + beside.quoteIdentifier(schema) + "; BEGIN")
            #expect(try await beside.query(JobQueries.leaseCheck, [besideExpired, "w/1/x", 1]).count == 1)
            func sessions(_ name: String) async throws -> Int {
                try await connection.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [name])[0].decode(Int.self, at: 0)
            }
            let reaper = JobReaper(lease: .seconds(30), backoff: RetryBackoff())
            _ = try await reaper.reap(on: connection)
            let deadline = ContinuousClock.now + .seconds(10)
            while try await sessions(stoppedName) > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            while try await sessions(besideName) > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try await sessions(stoppedName) == 0)
            #expect(try await sessions(besideName) == 0, "the session found by its advisory lock is ended too")
            #expect(try await sessions(runningName) == 1)
            // The ended transaction rolled back: the row is free, and the next reap takes the job back.
            _ = try await reaper.reap(on: connection)
            let rows = try await connection.query("SELECT status, coalesce(current_offset, 0) FROM generation_jobs WHERE id = $1", [expired])
            #expect(try rows[0].decode(String.self, at: 0) == "pending")
            #expect(try rows[0].decode(Int.self, at: 1) == 0)
            let runningStatus = try await connection.query("SELECT status FROM generation_jobs WHERE id = $1", [live])
            #expect(try runningStatus[0].decode(String.self, at: 0) == "processing")
            try await running.executeScript("ROLLBACK")
            await running.close()
            await stopped.close()
            await beside.close()
        }
    }

    @Test func fencedStatementsMatchNothingForAnotherWorker() async throws {
        try await TestDatabase.withSchema { connection, _ in
            _ = try await SchemaMigrator().migrate(on: connection)
            let owner = JobStore(worker: WorkerIdentity(id: "a/1/u"))
            let zombie = JobStore(worker: WorkerIdentity(id: "z/1/u"))
            try await connection.execute("INSERT INTO generation_jobs (target_quantity) VALUES (3)")
            let job = try #require(try await owner.claim(limit: 5, on: connection).first)
            #expect(job.attempt == 1 && job.lockedBy == "a/1/u")
            #expect(try await zombie.heartbeat([(job.id, job.attempt)], on: connection).isEmpty)
            #expect(try await zombie.release(job, offset: 0, reason: "x", on: connection) == false)
            #expect(try await owner.heartbeat([(job.id, job.attempt)], on: connection) == [job.id: false])
            try await connection.execute("UPDATE generation_jobs SET cancel_requested_at = now()")
            #expect(try await owner.heartbeat([(job.id, job.attempt)], on: connection) == [job.id: true])
            let failure = JobFailure(.transient, code: "08006", message: "lost")
            #expect(try await owner.scheduleRetry(job, offset: 0, failure: failure, delay: .seconds(60), on: connection))
            let row = try await connection.query("""
                SELECT status, locked_by, run_at > now() + interval '50 seconds', jsonb_array_length(errors), last_error
                FROM generation_jobs
                """)[0]
            #expect(try row.decode(String.self, at: 0) == "pending")
            #expect(try row.decode(String?.self, at: 1) == nil)
            #expect(try row.decode(Bool.self, at: 2))
            #expect(try row.decode(Int.self, at: 3) == 1)
            #expect(try row.decode(String.self, at: 4) == "08006: lost")
            let logged = try await connection.query("SELECT details ? 'run_at' FROM work_log WHERE action = 'job.retry_scheduled'")
            #expect(try logged[0].decode(Bool.self, at: 0))
        }
    }

    /// After a lost connection the runner resumes only a row that is still its own, and recognises a
    /// last batch whose commit landed although its acknowledgement was lost.
    @Test func ownershipTellsOwnedCompletedAndLost() async throws {
        try await TestDatabase.withSchema { connection, _ in
            _ = try await SchemaMigrator().migrate(on: connection)
            let owner = JobStore(worker: WorkerIdentity(id: "a/1/u"))
            try await connection.execute("INSERT INTO generation_jobs (target_quantity) VALUES (3)")
            let job = try #require(try await owner.claim(limit: 1, on: connection).first)
            #expect(try await owner.ownership(of: job, on: connection) == .owned(offset: 0))
            try await connection.execute("UPDATE generation_jobs SET current_offset = 2")
            #expect(try await owner.ownership(of: job, on: connection) == .owned(offset: 2))
            #expect(try await JobStore(worker: WorkerIdentity(id: "b/1/u")).ownership(of: job, on: connection) == .lost)
            #expect(try await owner.complete(job, articles: 3, seconds: 1, on: connection))
            #expect(try await owner.ownership(of: job, on: connection) == .completed)
            var later = job
            later.attempt = 2
            #expect(try await owner.ownership(of: later, on: connection) == .lost)
        }
    }

    @Test func errorsListKeepsTheNewestTwenty() async throws {
        try await TestDatabase.withSchema { connection, _ in
            _ = try await SchemaMigrator().migrate(on: connection)
            let store = JobStore(worker: WorkerIdentity(id: "a/1/u"))
            try await connection.execute("INSERT INTO generation_jobs (target_quantity, max_attempts) VALUES (3, 100)")
            for attempt in 1...23 {
                let job = try #require(try await store.claim(limit: 1, on: connection).first)
                #expect(job.attempt == attempt)
                let failure = JobFailure(.transient, code: "E\(attempt)", message: "m")
                #expect(try await store.scheduleRetry(job, offset: 0, failure: failure, delay: .zero, on: connection))
            }
            let codes = try await connection.query(
                "SELECT e->>'code' FROM generation_jobs, jsonb_array_elements(errors) WITH ORDINALITY AS x(e, n) ORDER BY n")
                .map { try $0.decode(String.self, at: 0) }
            #expect(codes == (4...23).map { "E\($0)" })
        }
    }
}
