import Foundation
import PostgresTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A datagram socket standing in for systemd's notify socket.
final class NotifySocket {
    let path: String
    private let descriptor: Int32

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cf-notify-\(UUID().uuidString.prefix(8))").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw SetupFailure(description: "cannot bind \(path): errno \(errno)") }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The next datagram, or nil after `timeout`.
    func receive(timeout: Duration) -> String? {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&descriptors, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : nil
    }

    /// Datagrams until one contains `needle` (returned with all before it), or nil after `timeout`.
    func receive(until needle: String, timeout: Duration) -> [String]? {
        let deadline = ContinuousClock.now + timeout
        var seen: [String] = []
        while ContinuousClock.now < deadline {
            guard let message = receive(timeout: deadline - ContinuousClock.now) else { break }
            seen.append(message)
            if message.contains(needle) { return seen }
        }
        return nil
    }
}

@Suite(.serialized) struct SystemdTests {
    @Test func daemonSendsReadyStatusWatchdogAndStopping() async throws {
        let database = try await DaemonDatabase.create()
        defer { Task { await database.drop() } }
        let socket = try NotifySocket()
        let daemon = try DaemonProcess(database: database, environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
        let ready = try #require(socket.receive(until: "READY=1", timeout: .seconds(20)), "log: \(daemon.log)")
        #expect(ready.last!.contains("STATUS=jobs: 0 running, 0 done, 0 failed"), "\(ready)")
        #expect(socket.receive(until: "WATCHDOG=1", timeout: .seconds(5)) != nil, "watchdog pings while the loop is alive")
        try await daemon.waitUntilWorking(database)
        let job = try await database.insertJob(quantity: 2, batchSize: 1)
        try await eventually("job completed", timeout: .seconds(10)) { try await database.status(of: job) == "completed" }
        #expect(socket.receive(until: "1 done", timeout: .seconds(5)) != nil, "STATUS= follows the counters")
        daemon.signal(SIGTERM)
        #expect(socket.receive(until: "STOPPING=1", timeout: .seconds(5)) != nil)
        #expect(await daemon.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func journalStreamGivesSyslogPriorityPrefixes() throws {
        var info = stat()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cf-journal-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        #expect(stat(log.path, &info) == 0)
        let process = Process()
        process.executableURL = CommandRunner.executableURL
        // No database on port 1: the daemon logs, then fails; what matters is the line format.
        process.arguments = ["run", "--database-url", "postgresql://u@127.0.0.1:1/db", "--log-level", "debug"]
        process.environment = ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)", "PATH": "/usr/bin:/bin"]
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(process.terminationStatus == 1)
        // The final one-line failure is plain; log lines before it carry <N>.
        let logLines = text.split(separator: "\n").filter { !$0.hasPrefix("content-factory: ") }
        #expect(!logLines.isEmpty, "\(text)")
        #expect(logLines.allSatisfy { $0.hasPrefix("<7>") || $0.hasPrefix("<6>") || $0.hasPrefix("<4>") || $0.hasPrefix("<3>") }, "\(text)")
    }

    @Test func unitFileVerifiesAndScoresAtMostTwo() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = root.appendingPathComponent("scripts/check-unit")
        process.arguments = [CommandRunner.executableURL.path]
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readAllRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("verify ok"), "\(text)")
    }
}
