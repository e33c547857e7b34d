import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A daemon whose connection is lost mid-job (its backend terminated: SQLSTATE 57P01, as in a server
/// restart or failover, without restarting the shared test server) resumes the job in place. Server
/// restarts, standby promotion and PgBouncer run in scripts/test-failover on servers of their own.
@Suite(.serialized) struct ConnectionLossTests {
    @Test func terminatedBackendMidJobResumesInPlaceWithoutANewAttempt() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        try await database.setBatchDelay(0.1)
        let daemon = try DaemonProcess(database: database, environment: ["CF_CONCURRENCY": "1"])
        try await daemon.waitUntilWorking(database)
        let job = try await database.insertJob(quantity: 60, batchSize: 2)
        try await eventually("some batches committed", timeout: .seconds(20)) { try await database.offset(of: job) >= 4 }
        let terminated: Int = try await database.scalar("""
            SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                   WHERE datname = $1 AND application_name = 'content-factory/worker-1') t
            """, [database.name])
        #expect(terminated == 1)
        try await database.setBatchDelay(0)
        try await eventually("job completed", timeout: .seconds(30)) { try await database.status(of: job) == "completed" }
        try await database.expectExactlyOnce(job, quantity: 60, batchSize: 2)
        #expect(try await database.scalar("SELECT attempt FROM generation_jobs WHERE id = $1", [job], as: Int.self) == 1)
        let actions = try await database.actions(of: job)
        #expect(!actions.contains("job.retry_scheduled"), "\(actions); daemon's log:\n\(daemon.log)")
        #expect(actions.filter { $0 == "job.claimed" }.count == 1, "\(actions)")
        let lost = try await database.connection.query("""
            SELECT details->>'outcome', (details->>'seconds_gone')::float8, details->'error'->>'code' FROM work_log
            WHERE entity_id = $1 AND action = 'job.connection_lost'
            """, [job.uuidString.lowercased()])
        #expect(lost.count == 1)
        // A missing row fails the test; indexing it would stop the whole test run.
        let row = try #require(lost.first)
        #expect(try row.decode(String.self, at: 0) == "resumed")
        #expect(try row.decode(Double.self, at: 1) < 5)
        // The server's FATAL 57P01 when it reached the client in time, else libpq's lost connection.
        let code = try row.decode(String.self, at: 2)
        #expect(["57P01", "connectionLost"].contains(code), "\(code)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func workerStartedSaysWhetherItListens() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        for arguments in [[], ["--no-listen"]] {
            let daemon = try DaemonProcess(database: database, arguments: arguments)
            try await daemon.waitUntilWorking(database)
            let listen: String = try await database.scalar(
                "SELECT details->>'listen' FROM work_log WHERE action = 'worker.started' AND entity_id LIKE $1", [daemon.workerPattern])
            #expect(listen == (arguments.isEmpty ? "true" : "false"))
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
        }
    }
}
