import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresClient
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// config check, doctor, worker states and the HTTP listener, as an operator meets them.
@Suite(.serialized) struct OperationsCommandTests {
    func run(_ arguments: [String], _ database: DaemonDatabase, environment: [String: String] = [:]) throws -> CommandRunner.Outcome {
        try CommandRunner.run(arguments + ["--database-url", database.url],
                              environment: DaemonProcess.testEnvironment.merging(environment) { _, new in new },
                              removing: ["DATABASE_URL"])
    }

    func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cf-config-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func fileEnvironmentAndFlagOverrideInThatOrder() throws {
        let file = try temporaryFile(#"{"concurrency": 3, "poll_seconds": 9, "lease_seconds": 20}"#)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let outcome = try CommandRunner.run(["config", "check", "--json", "--config", file, "--lease-seconds", "40"],
                                            environment: ["CF_POLL_SECONDS": "2"],
                                            removing: Array(DaemonProcess.testEnvironment.keys) + ["CF_CONFIG"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: [String: Any]])
        func setting(_ key: String) -> (Double?, String?) {
            ((json[key]?["value"] as? NSNumber)?.doubleValue, json[key]?["source"] as? String)
        }
        #expect(setting("concurrency") == (3, "file"))
        #expect(setting("poll_seconds") == (2, "env"))
        #expect(setting("lease_seconds") == (40, "flag"))
        #expect(setting("heartbeat_seconds") == (5, "default"))
    }

    @Test func aBadValueInTheFileExits78NamingTheKey() throws {
        let file = try temporaryFile(#"{"concurrency": -1}"#)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let check = try CommandRunner.run(["config", "check", "--config", file], removing: ["CF_CONCURRENCY"])
        #expect(check.status == 78)
        #expect(check.standardError.contains("concurrency") && check.standardError.contains(file), "\(check.standardError)")
        // The daemon refuses it the same way, before it connects anywhere.
        let daemon = try CommandRunner.run(["run", "--config", file, "--database-url", "postgresql://nobody@127.0.0.1:1/none"],
                                           removing: ["CF_CONCURRENCY"])
        #expect(daemon.status == 78 && daemon.standardError.contains("concurrency"), "\(daemon.standardError)")
    }

    @Test func doctorFindsADroppedTriggerAndFixRestoresIt() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let healthy = try run(["doctor"], database)
        #expect(healthy.status == 0, "\(healthy.standardOutput)\(healthy.standardError)")
        #expect(healthy.standardOutput.contains("ok      connections: the server allows"), "\(healthy.standardOutput)")
        // More slots than the server has connections for: a note, not a failure.
        let crowded = try run(["doctor"], database, environment: ["CF_CONCURRENCY": "256"])
        #expect(crowded.status == 0, "\(crowded.standardOutput)\(crowded.standardError)")
        #expect(crowded.standardOutput.contains("note    connections:") && crowded.standardOutput.contains("opens up to 515"),
                "\(crowded.standardOutput)")

        try await database.connection.execute("DROP TRIGGER generation_jobs_notify ON generation_jobs")
        let broken = try run(["doctor"], database)
        #expect(broken.status == 1)
        #expect(broken.standardOutput.contains("trigger generation_jobs_notify ON generation_jobs is missing"), "\(broken.standardOutput)")
        #expect(broken.standardOutput.contains("fix: content-factory doctor --fix"), "\(broken.standardOutput)")

        let fixed = try run(["doctor", "--fix"], database)
        #expect(fixed.status == 0, "\(fixed.standardOutput)\(fixed.standardError)")
        let triggers: Int = try await database.scalar("SELECT count(*) FROM pg_trigger WHERE tgname = 'generation_jobs_notify'")
        #expect(triggers == 1)
        #expect(try run(["doctor", "--fix"], database).status == 0, "a second --fix changes nothing and passes")
    }

    @Test func aKilledDaemonShowsAsLostOnceItsLeasePassed() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let killed = try DaemonProcess(database: database)
        let stopped = try DaemonProcess(database: database)
        try await killed.waitUntilWorking(database)
        try await stopped.waitUntilWorking(database)
        func states() throws -> [String: String] {
            let status = try run(["status", "--json"], database)
            let json = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any]
            var states: [String: String] = [:]
            for worker in json?["workers"] as? [[String: Any]] ?? [] {
                guard let id = worker["id"] as? String, let state = worker["state"] as? String else { continue }
                #expect(worker["last_seen"] is String)
                states[id.split(separator: "/").dropFirst().first.map(String.init) ?? id] = state
            }
            return states
        }
        try await eventually("both running", timeout: .seconds(10)) {
            let now = try states()
            return now["\(killed.pid)"] == "running" && now["\(stopped.pid)"] == "running"
        }
        killed.signal(SIGKILL)
        stopped.signal(SIGTERM)
        #expect(await stopped.waitForExit(timeout: .seconds(15)) == 0)
        // The test lease is 2 s.
        try await eventually("killed daemon lost", timeout: .seconds(15)) { try states()["\(killed.pid)"] == "lost" }
        #expect(try states()["\(stopped.pid)"] == "stopped")
    }

    @Test func httpServesHealthMetricsAndTheStatusPageWhileAJobRuns() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let port = try Self.freePort()
        let daemon = try DaemonProcess(database: database, arguments: ["--http", "127.0.0.1:\(port)"])
        try await daemon.waitUntilWorking(database)
        let base = "http://127.0.0.1:\(port)"
        try await eventually("healthz 200", timeout: .seconds(10)) { (try? await Self.get(base + "/healthz"))?.status == 200 }

        let initial = try await Self.get(base + "/metrics").body
        for family in ["content_factory_jobs_claimed_total", "content_factory_jobs_completed_total", "content_factory_jobs_failed_total",
                       "content_factory_jobs_released_total", "content_factory_jobs_lease_expired_total",
                       "content_factory_batches_committed_total", "content_factory_articles_written_total",
                       "content_factory_batch_duration_seconds", "content_factory_render_duration_seconds",
                       "content_factory_claim_latency_seconds", "content_factory_db_reconnects_total",
                       "content_factory_connection_lost_total", #"content_factory_queue_jobs{status="pending"}"#] {
            #expect(initial.contains(family), "\(family) exported from the start")
        }

        try await database.setBatchDelay(0.5)
        // The sample campaign's capacity is 288 articles: 28 batches, slowed to 0.5 s each
        // until the page was read.
        let job = try await database.insertJob(quantity: 280, batchSize: 10)
        do {
            try await eventually("first batch", timeout: .seconds(20)) { try await database.offset(of: job) > 0 }
        } catch {
            Issue.record("status \(try await database.status(of: job)); daemon log:\n\(daemon.log)")
            throw error
        }
        // The counter moves just after the commit the offset shows; under load that can be a scrape later.
        var first: Double?
        try await eventually("articles written counted", timeout: .seconds(10)) {
            first = Self.sample("content_factory_articles_written_total", in: try await Self.get(base + "/metrics").body)
            return (first ?? 0) > 0
        }
        try await Task.sleep(for: .seconds(1))
        let second = Self.sample("content_factory_articles_written_total", in: try await Self.get(base + "/metrics").body)
        #expect((first ?? 0) > 0 && (second ?? 0) > (first ?? 0), "articles written grows while the job runs: \(String(describing: first)) then \(String(describing: second))")

        let page = try await Self.get(base + "/")
        #expect(page.status == 200)
        #expect(page.body.contains(job.uuidString.lowercased()) && page.body.contains("<progress"), "\(page.body.prefix(2000))")
        #expect(!page.body.contains("<script"))

        try await database.setBatchDelay(0)
        try await eventually("job completed", timeout: .seconds(60)) { try await database.status(of: job) == "completed" }
        // The counters move just after the commit the status shows; under load that can be a scrape later.
        var after = ""
        try? await eventually("metrics count the completed job", timeout: .seconds(5)) {
            after = try await Self.get(base + "/metrics").body
            return (Self.sample("content_factory_jobs_completed_total", in: after) ?? 0) >= 1
        }
        #expect((Self.sample("content_factory_jobs_completed_total", in: after) ?? 0) >= 1)
        #expect((Self.sample("content_factory_articles_written_total", in: after) ?? 0) == 280)
        // The queue gauge is sampled from the database every 5 s.
        try await eventually("queue gauge shows the completed job", timeout: .seconds(15)) {
            (Self.sample(#"content_factory_queue_jobs{status="completed"}"#, in: try await Self.get(base + "/metrics").body) ?? 0) == 1
        }
        daemon.signal(SIGTERM)
        let exit = await daemon.waitForExit(timeout: .seconds(15))
        #expect(exit == 0, "\(daemon.log)")
    }

    /// The value of an unlabelled sample in Prometheus text.
    static func sample(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ")[1])
        }
        return nil
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A port the kernel says is free now.
    static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw SetupFailure(description: "cannot find a free port") }
        return UInt16(bigEndian: address.sin_port)
    }
}
