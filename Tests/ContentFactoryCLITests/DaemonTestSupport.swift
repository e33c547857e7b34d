import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A database of its own for one daemon test: a copy of a migrated template holding the sample
/// campaign, plus a test-only "gate" that can slow every batch down (so a test can act mid-job).
struct DaemonDatabase {
    static let site = "10000000-0000-4000-8000-000000000001"
    static let campaign = "20000000-0000-4000-8000-000000000001"
    static let filters = #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "variables": {"Niche": "Solar"}}"#
    /// `filters` with the near-duplicate guard off: a job's batches then commit independently, and
    /// the daemon writes them on two connections at once (`OverlappedCommits`).
    static let unguardedFilters = #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "variables": {"Niche": "Solar"}, "max_similarity": 1}"#

    let name: String
    let url: String
    /// A connection to the test's database for setup and assertions.
    let connection: PostgresConnection

    /// Creates the database (from the shared template) and connects to it.
    static func create() async throws -> DaemonDatabase {
        let template = try await DaemonTemplate.shared.name()
        let name = TestDatabase.uniqueName(prefix: "cfd")
        let admin = try await TestDatabase.connect()
        try await admin.executeScript("CREATE DATABASE \(name) TEMPLATE \(template)")
        // A daemon stopped by SIGSTOP inside a batch transaction must not hold the job row forever:
        // between statements the idle timeout ends its session; in the middle of a COPY (the server
        // waits for data, so the session counts as active) the statement timeout does.
        try await admin.executeScript("ALTER DATABASE \(name) SET idle_in_transaction_session_timeout = '2s'")
        try await admin.executeScript("ALTER DATABASE \(name) SET statement_timeout = '5s'")
        await admin.close()
        let url = try Self.url(forDatabase: name)
        let connection = try await PostgresConnection.connect(url)
        return DaemonDatabase(name: name, url: url, connection: connection)
    }

    /// The test server's URL with another database name.
    static func url(forDatabase name: String) throws -> String {
        guard var components = URLComponents(string: TestDatabase.connectionString.value),
              components.scheme?.hasPrefix("postgres") == true else {
            throw NeedsURL()
        }
        components.path = "/" + name
        return components.string!
    }

    /// Drops the database (and every session still in it).
    func drop() async {
        await connection.close()
        if let admin = try? await TestDatabase.connect() {
            _ = try? await admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            await admin.close()
        }
    }

    /// Makes every batch write sleep `seconds` inside its transaction (0 turns it off).
    func setBatchDelay(_ seconds: Double) async throws {
        try await connection.execute("UPDATE test_gate SET delay = $1", [seconds])
    }

    /// Inserts a job with plain SQL, as an operator would, and returns its id.
    @discardableResult
    func insertJob(quantity: Int, batchSize: Int, filters: String = DaemonDatabase.filters, extra: String = "") async throws -> UUID {
        let rows = try await connection.query(
            "INSERT INTO generation_jobs (site_id, target_quantity, batch_size, filters\(extra.isEmpty ? "" : ", run_at")) "
                + "VALUES ($1, $2, $3, $4::jsonb\(extra.isEmpty ? "" : ", " + extra)) RETURNING id",
            [DaemonDatabase.site, quantity, batchSize, filters])
        return try rows[0].decode(UUID.self, at: 0)
    }

    func scalar<Value: PostgresDecodable>(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], as type: Value.Type = Value.self) async throws -> Value {
        let rows = try await connection.query(sql, parameters)
        return try #require(rows.first).decode(Value.self, at: 0)
    }

    func status(of job: UUID) async throws -> String {
        try await scalar("SELECT status FROM generation_jobs WHERE id = $1", [job])
    }

    func offset(of job: UUID) async throws -> Int {
        try await scalar("SELECT coalesce(current_offset, 0) FROM generation_jobs WHERE id = $1", [job])
    }

    /// Whether `daemon` has claimed `job`: its `job.claimed` row, which stays when the job completes
    /// or moves on (a poll of `locked_by` under the full suite's load can miss a short hold).
    func hasClaimed(_ job: UUID, by daemon: DaemonProcess) async throws -> Bool {
        try await scalar("""
            SELECT count(*) FROM work_log WHERE entity_id = $1 AND action = 'job.claimed' AND details->>'worker' LIKE $2
            """, [job.uuidString.lowercased(), daemon.workerPattern], as: Int.self) > 0
    }

    /// Client sessions of this database other than the test's own connection.
    func otherSessions() async throws -> Int {
        try await scalar("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            """)
    }

    /// Actions of a job's work_log rows, in order.
    func actions(of job: UUID) async throws -> [String] {
        try await connection.query("SELECT action FROM work_log WHERE entity_id = $1 ORDER BY id", [job.uuidString.lowercased()])
            .map { try $0.decode(String.self, at: 0) }
    }

    /// Checks the exactly-once invariants of a finished job: every job_seq in 0..<target once, the
    /// count equal to the target, progress 100 and one batch.committed row per batch.
    func expectExactlyOnce(_ job: UUID, quantity: Int, batchSize: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let rows = try await connection.query("""
            SELECT count(*), count(DISTINCT job_seq), coalesce(min(job_seq), -1), coalesce(max(job_seq), -1)
            FROM generated_articles WHERE job_id = $1
            """, [job])
        let row = try #require(rows.first)
        #expect(try row.decode(Int.self, at: 0) == quantity, "article count", sourceLocation: sourceLocation)
        #expect(try row.decode(Int.self, at: 1) == quantity, "distinct job_seq", sourceLocation: sourceLocation)
        #expect(try row.decode(Int.self, at: 2) == 0, sourceLocation: sourceLocation)
        #expect(try row.decode(Int.self, at: 3) == quantity - 1, sourceLocation: sourceLocation)
        let state = try await connection.query("SELECT status, progress, current_offset FROM generation_jobs WHERE id = $1", [job])
        #expect(try state[0].decode(String.self, at: 0) == "completed", sourceLocation: sourceLocation)
        #expect(try state[0].decode(Int.self, at: 1) == 100, sourceLocation: sourceLocation)
        #expect(try state[0].decode(Int.self, at: 2) == quantity, sourceLocation: sourceLocation)
        // Batches are contiguous ranges covering 0..<quantity exactly once.
        let batches = try await connection.query("""
            SELECT (details->>'from_offset')::int, (details->>'to_offset')::int FROM work_log
            WHERE entity_id = $1 AND action = 'batch.committed' ORDER BY (details->>'from_offset')::int
            """, [job.uuidString.lowercased()])
        let ranges = try batches.map { (try $0.decode(Int.self, at: 0), try $0.decode(Int.self, at: 1)) }
        #expect(ranges.count == (quantity + batchSize - 1) / batchSize, "one batch.committed per batch", sourceLocation: sourceLocation)
        var next = 0
        for (from, to) in ranges {
            #expect(from == next, "batch ranges contiguous, no overlap: \(ranges)", sourceLocation: sourceLocation)
            next = to
        }
        #expect(next == quantity, sourceLocation: sourceLocation)
    }
}

/// Creates (once per test process) the template database: migrated by the real executable, with the
/// sample campaign and the test gate.
actor DaemonTemplate {
    static let shared = DaemonTemplate()
    // One creation for every suite: the actor is reentrant across the awaits inside `create()`.
    private var creation: Task<String, any Error>?

    func name() async throws -> String {
        if creation == nil { creation = Task { try await Self.create() } }
        return try await creation!.value
    }

    private static func create() async throws -> String {
        let name = "cf_daemon_tests_template"
        let admin = try await TestDatabase.connect()
        try await admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try await admin.executeScript("CREATE DATABASE \(name)")
        await admin.close()
        let url = try DaemonDatabase.url(forDatabase: name)
        let migrate = try CommandRunner.run(["migrate", "--database-url", url, "--log-level", "warning"])
        guard migrate.status == 0 else { throw SetupFailure(description: "migrate failed: \(migrate.standardError)") }
        let connection = try await PostgresConnection.connect(url)
        try await connection.executeScript(try sampleCampaign())
        try await connection.executeScript("""
            CREATE TABLE test_gate (delay float8 NOT NULL);
            INSERT INTO test_gate VALUES (0);
            CREATE FUNCTION test_gate_sleep() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_sleep((SELECT delay FROM test_gate));
                RETURN NULL;
            END $$;
            CREATE TRIGGER test_gate_sleep AFTER INSERT ON generated_articles
                FOR EACH STATEMENT EXECUTE FUNCTION test_gate_sleep();
            """)
        await connection.close()
        return name
    }

    /// The sample data shipped with the generation tests (read from the source tree: the CLI test
    /// target has no resources of its own).
    static func sampleCampaign() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ContentFactoryTests/Fixtures/sample-campaign.sql")
        return try String(contentsOf: url, encoding: .utf8)
    }
}

struct SetupFailure: Error, CustomStringConvertible {
    var description: String
}

/// A `content-factory run` subprocess with short test intervals; its stderr goes to a file.
final class DaemonProcess: @unchecked Sendable {
    // Invariant: `process` is configured in init and only read afterwards; Foundation's Process is
    // safe to query and signal from any thread.
    let process = Process()
    let logURL: URL

    /// Short intervals so the whole suite stays fast: lease 2 s, heartbeat and reaper 0.5 s, poll 1 s.
    static let testEnvironment: [String: String] = [
        "CF_LEASE_SECONDS": "2", "CF_HEARTBEAT_SECONDS": "0.5", "CF_REAPER_SECONDS": "0.5", "CF_POLL_SECONDS": "1",
        "CF_SHUTDOWN_TIMEOUT_SECONDS": "10", "CF_RETRY_BASE_SECONDS": "0.2", "CF_RETRY_MAX_SECONDS": "1",
        "CF_LOG_LEVEL": "info",
    ]

    /// Starts `content-factory COMMAND --database-url URL ARGUMENTS` (`run` unless told otherwise).
    init(database: DaemonDatabase, command: String = "run", arguments: [String] = [], environment: [String: String] = [:]) throws {
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("cf-daemon-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = CommandRunner.executableURL
        process.arguments = [command, "--database-url", database.url] + arguments
        var merged = ProcessInfo.processInfo.environment
        for name in ["DATABASE_URL", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"] {
            merged.removeValue(forKey: name)
        }
        merged.merge(Self.testEnvironment) { _, new in new }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: logURL)
    }

    var pid: Int32 { process.processIdentifier }

    /// `host/pid/` — the prefix of this daemon's worker id in `locked_by` and work_log.
    var workerPattern: String { "%/\(pid)/%" }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Waits for the process to exit; nil on timeout.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Waits until the daemon's claim slots are up (its `worker.started` row is in work_log).
    func waitUntilWorking(_ database: DaemonDatabase, timeout: Duration = .seconds(20)) async throws {
        try await eventually("daemon \(pid) started", timeout: timeout) {
            if !self.process.isRunning { throw SetupFailure(description: "daemon exited: \(self.log)") }
            return try await database.scalar(
                "SELECT count(*) FROM work_log WHERE action = 'worker.started' AND entity_id LIKE $1", [self.workerPattern], as: Int.self) > 0
        }
    }
}
