import ContentFactory
import Foundation
import Logging
import PostgresClient

/// `content-factory doctor`: checks the database the daemon depends on, each check a `DoctorFinding`
/// with what is wrong, why it matters and the fix.
package struct Doctor: Sendable {
    /// Whether the daemon is configured to LISTEN (a transaction-mode pooler then breaks wake-ups).
    package var listens: Bool
    /// The daemon's job slots, for the connections check.
    package var concurrency: Int
    /// Handed to the `SchemaMigrator` the schema checks use; the results themselves are findings.
    package var logger: Logger

    /// - Parameters:
    ///   - listens: whether the daemon's configuration has LISTEN on, so the pooler check applies.
    ///   - concurrency: the daemon's configured job slots.
    package init(listens: Bool, concurrency: Int, logger: Logger) {
        self.listens = listens
        self.concurrency = concurrency
        self.logger = logger
    }

    /// Runs every check; never throws (a failed query is a finding).
    package func examine(_ connection: PostgresConnection) async -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        func attempt(_ check: String, _ body: () async throws -> [DoctorFinding]) async {
            do {
                findings += try await body()
            } catch {
                findings.append(DoctorFinding(check: check, status: .problem, detail: "the check failed: \(error)",
                                              why: "doctor could not read what it needs", fix: "grant the role read access to the catalog, or run doctor as the table owner"))
            }
        }
        await attempt("server version") { [try await serverVersion(connection)] }
        await attempt("schema version") { [try await schemaVersion(connection)] }
        await attempt("schema objects") { try await schemaObjects(connection) }
        await attempt("role timeouts") { try await roleTimeouts(connection) }
        await attempt("autovacuum") { try await autovacuum(connection) }
        await attempt("LISTEN/NOTIFY") { [try await notifyRoundTrip(connection)] }
        await attempt("connection pooler") { [try await pooler(connection)] }
        await attempt("connections") { [try await connections(connection)] }
        return findings
    }

    /// Re-creates missing triggers, functions and indexes from the migration SQL (under the migration
    /// lock; idempotent). Returns the versions re-run.
    ///
    /// - Throws: `PostgresError`.
    package func fix(_ connection: PostgresConnection) async throws -> [Int] {
        try await SchemaMigrator(logger: logger).repair(on: connection)
    }

    func serverVersion(_ connection: PostgresConnection) async throws -> DoctorFinding {
        let row = try await connection.query("SELECT current_setting('server_version_num')::int, current_setting('server_version')")[0]
        let number = try row.decode(Int.self, at: 0), text = try row.decode(String.self, at: 1)
        guard number >= 130_000 else {
            return DoctorFinding(check: "server version", status: .problem, detail: "PostgreSQL \(text)",
                                 why: "content-factory needs PostgreSQL 13 or later (gen_random_uuid, make_interval, statement-level triggers as used)",
                                 fix: "upgrade the server to PostgreSQL 13 or later")
        }
        return DoctorFinding(check: "server version", status: .ok, detail: "PostgreSQL \(text)")
    }

    func schemaVersion(_ connection: PostgresConnection) async throws -> DoctorFinding {
        let migrator = SchemaMigrator(logger: logger)
        let pending = try await migrator.pendingMigrations(on: connection).map(\.version)
        guard pending.isEmpty else {
            return DoctorFinding(check: "schema version", status: .problem,
                                 detail: "missing migrations \(pending.map(String.init).joined(separator: ", ")) of \(migrator.latestVersion)",
                                 why: "the daemon refuses to start (exit 78) on an old schema",
                                 fix: "content-factory migrate (or start the daemon with run --migrate)")
        }
        return DoctorFinding(check: "schema version", status: .ok, detail: "version \(migrator.latestVersion), current")
    }

    func schemaObjects(_ connection: PostgresConnection) async throws -> [DoctorFinding] {
        let triggers = Set(try await connection.query(DoctorQueries.triggers).map {
            "\(try $0.decode(String.self, at: 0)) ON \(try $0.decode(String.self, at: 1))"
        })
        let functions = Set(try await connection.query(DoctorQueries.functions).map { try $0.decode(String.self, at: 0) })
        let indexes = Set(try await connection.query(DoctorQueries.indexes).map {
            "\(try $0.decode(String.self, at: 0)) ON \(try $0.decode(String.self, at: 1))"
        })
        var findings: [DoctorFinding] = []
        var present = 0
        for object in SchemaObjects().objects {
            let name = object.table.map { "\(object.name) ON \($0)" } ?? object.name
            let exists = switch object.kind {
            case .trigger: triggers.contains(name)
            case .function: functions.contains(name)
            case .index: indexes.contains(name)
            }
            if exists {
                present += 1
                continue
            }
            findings.append(DoctorFinding(
                check: "\(object.kind.rawValue) \(object.name)", status: .problem,
                detail: "\(object.kind.rawValue) \(name) is missing",
                why: Self.why(object),
                fix: "content-factory doctor --fix (re-creates it from the migration SQL, under the migration lock)"))
        }
        findings.insert(DoctorFinding(check: "schema objects", status: findings.isEmpty ? .ok : .problem,
                                      detail: "\(present) of \(SchemaObjects().objects.count) triggers, functions and indexes present"), at: 0)
        return findings
    }

    private static func why(_ object: SchemaObjects.Object) -> String {
        switch (object.kind, object.name) {
        case (.trigger, "generation_jobs_notify"), (.function, "content_factory_notify"):
            "without it a new job wakes no daemon: jobs wait for the poll interval"
        case (.trigger, "work_log_notify"):
            "without it `tail` and `enqueue --wait` see new log rows only by polling"
        case (.trigger, _), (.function, _):
            "inserts that rely on it (status spelling, defaults) are no longer normalised"
        case (.index, _):
            "the queries it serves fall back to sequential scans as the tables grow"
        }
    }

    func roleTimeouts(_ connection: PostgresConnection) async throws -> [DoctorFinding] {
        let row = try await connection.query(DoctorQueries.timeouts)[0]
        let role = try row.decode(String.self, at: 0)
        let idle = try row.decode(String.self, at: 1), statement = try row.decode(String.self, at: 2)
        let checks = [
            ("idle_in_transaction_session_timeout", idle, "60s",
             "a frozen worker (SIGSTOP, a hung host) keeps its transaction open and holds job rows locked"),
            ("statement_timeout", statement, "5min",
             "a worker frozen in the middle of a COPY keeps its statement active and the job row locked"),
        ]
        return checks.map { name, value, advised, why in
            value == "0"
                ? DoctorFinding(check: name, status: .problem, detail: "off for role \(role)", why: why,
                                fix: "ALTER ROLE \(role) SET \(name) = '\(advised)';")
                : DoctorFinding(check: name, status: .ok, detail: "\(value) for role \(role)")
        }
    }

    func autovacuum(_ connection: PostgresConnection) async throws -> [DoctorFinding] {
        let row = try await connection.query(DoctorQueries.autovacuum)[0]
        let global = try row.decode(String.self, at: 0)
        let options = try row.decode(String?.self, at: 1) ?? ""
        let deadTuples = try row.decode(Int?.self, at: 2) ?? 0, liveTuples = try row.decode(Int?.self, at: 3) ?? 0
        if global != "on" {
            return [DoctorFinding(check: "autovacuum", status: .problem, detail: "autovacuum is off on the server",
                                  why: "heartbeats update generation_jobs every few seconds; without vacuum the table and its indexes bloat and claims slow down",
                                  fix: "set autovacuum = on in postgresql.conf and reload")]
        }
        if options.contains("autovacuum_enabled=false") || options.contains("autovacuum_enabled=off") {
            return [DoctorFinding(check: "autovacuum", status: .problem, detail: "autovacuum disabled on generation_jobs (\(options))",
                                  why: "heartbeats update generation_jobs every few seconds; without vacuum the table bloats and claims slow down",
                                  fix: "ALTER TABLE generation_jobs RESET (autovacuum_enabled);")]
        }
        return [DoctorFinding(check: "autovacuum", status: .ok, detail: "on for generation_jobs (\(liveTuples) live, \(deadTuples) dead rows)")]
    }

    func notifyRoundTrip(_ connection: PostgresConnection) async throws -> DoctorFinding {
        let channel = "content_factory_doctor_\(UInt32.random(in: 0...UInt32.max))"
        try await connection.listen(channel)
        let started = ContinuousClock.now
        try await connection.notify(channel: channel, payload: "ping")
        var received = false
        while ContinuousClock.now - started < .seconds(5), !received {
            if let notification = try await connection.nextNotification(timeout: .seconds(1)), notification.channel == channel {
                received = true
            }
        }
        try await connection.unlisten(channel)
        guard received else {
            return DoctorFinding(check: "LISTEN/NOTIFY", status: .problem, detail: "no notification within 5 s",
                                 why: "daemons are woken by NOTIFY; without it a job waits for the poll interval",
                                 fix: "connect directly or through a session-mode pooler, or run with listen=false (--no-listen) and a short poll_seconds")
        }
        let milliseconds = Int((ContinuousClock.now - started).seconds * 1000)
        return DoctorFinding(check: "LISTEN/NOTIFY", status: .ok, detail: "round trip in \(milliseconds) ms")
    }

    /// A transaction-mode pooler hands each transaction a server connection of its choosing: the
    /// backend pid changes between autocommit statements.
    /// The most connections one daemon opens: a slot each, a second one per slot running a large job
    /// (Docs/Jobs.md#two-batches-at-once), LISTEN, maintenance and the status page's.
    var connectionsNeeded: Int { 2 * concurrency + 3 }

    func connections(_ connection: PostgresConnection) async throws -> DoctorFinding {
        let row = try await connection.query(DoctorQueries.connections)[0]
        let limit = try row.decode(Int.self, at: 0), inUse = try row.decode(Int.self, at: 1)
        let detail = "the server allows \(limit) (max_connections less superuser_reserved_connections), \(inUse) in use now; "
            + "one daemon at concurrency \(concurrency) opens up to \(connectionsNeeded)"
        guard limit >= connectionsNeeded else {
            return DoctorFinding(check: "connections", status: .note, detail: detail,
                                 why: "a slot that cannot connect waits, and a large job whose second connection is refused writes its batches one by one, slower",
                                 fix: "raise max_connections (a restart), lower concurrency, or put a pooler in between")
        }
        return DoctorFinding(check: "connections", status: .ok, detail: detail)
    }

    func pooler(_ connection: PostgresConnection) async throws -> DoctorFinding {
        var pids = Set<Int>()
        for _ in 0..<4 {
            pids.insert(try await connection.query("SELECT pg_backend_pid()")[0].decode(Int.self, at: 0))
        }
        guard pids.count == 1 else {
            return DoctorFinding(check: "connection pooler", status: .note,
                                 detail: "the server session changed between statements: a transaction-mode pooler is in between",
                                 why: "LISTEN does not survive it (the daemon detects that and polls every poll_seconds), and the migration lock needs one session",
                                 fix: listens ? "nothing for the daemon; run migrate and doctor --fix on a direct connection to the primary"
                                              : "none needed for the daemon (listen=false); run migrate and doctor --fix on a direct connection")
        }
        return DoctorFinding(check: "connection pooler", status: .ok, detail: "one server session throughout (direct, or a session-mode pooler)")
    }
}
