import Foundation
import PostgresTestSupport
import Testing
@testable import PostgresClient

@Suite struct ConnectionLifecycleTests {
    @Test func reconnectsAfterTheBackendIsTerminated() async throws {
        let victim = try await TestDatabase.connect()
        let admin = try await TestDatabase.connect()
        try await victim.listen("survives_reconnect")
        let oldPID = try #require(await victim.backendPID)
        let terminated = try await admin.query("SELECT pg_terminate_backend($1::int4) AS ok", [oldPID])
        #expect(try terminated[0].decode(Bool.self, column: "ok"))

        let error = try await #require(throws: PostgresError.self) { _ = try await victim.query("SELECT 1") }
        #expect(error.classification == .reconnect, "\(error)")
        #expect(await victim.isConnected == false)

        try await victim.ensureConnected()
        let newPID = try #require(await victim.backendPID)
        #expect(newPID != oldPID)
        #expect(try await victim.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
        // LISTEN was restored on the new session.
        let channels = try await victim.query("SELECT pg_listening_channels() AS c")
        #expect(try channels.map { try $0.decode(String.self, column: "c") } == ["survives_reconnect"])
        await victim.close()
        await admin.close()
    }

    @Test func reconnectGivesUpAfterMaxAttempts() async throws {
        var configuration = try PostgresConfiguration("postgresql://u:pw-never-shown@127.0.0.1:1/db", connectTimeoutSeconds: 2)
        configuration.reconnectPolicy = PostgresReconnectPolicy(baseDelay: .milliseconds(10), maxDelay: .milliseconds(40), maxAttempts: 3)
        // Never opened: reconnect() is the first connect attempt.
        let connection = try PostgresConnection(configuration: configuration)
        let error = try await #require(throws: PostgresError.self) { try await connection.reconnect() }
        #expect(error.code == .connectionFailed)
        #expect(!error.description.contains("pw-never-shown"))
        await connection.close()
    }

    /// With a multi-host URL libpq tries every host; the error names each one and its reason, on one
    /// line, and never the password.
    @Test func connectErrorNamesEveryHostTried() async throws {
        let configuration = try PostgresConfiguration(
            "postgresql://u:pw-never-shown@127.0.0.1:1,127.0.0.1:2/db?target_session_attrs=read-write", connectTimeoutSeconds: 2)
        let error = try await #require(throws: PostgresError.self) { _ = try await PostgresConnection.connect(configuration) }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("port 1 failed") && error.message.contains("port 2 failed"), "\(error.message)")
        #expect(!error.message.contains("\n"))
        #expect(!error.description.contains("pw-never-shown"))
    }

    @Test func cancellingATaskCancelsTheRunningStatement() async throws {
        let connection = try await TestDatabase.connect()
        let started = ContinuousClock.now
        let task = Task { try await connection.query("SELECT pg_sleep(10)") }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let error = await #expect(throws: PostgresError.self) { _ = try await task.value }
        #expect(error?.code == .cancelled)
        #expect(error?.sqlState == "57014")
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(try await connection.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
        await connection.close()
    }

    @Test func blockingCallsStayOffTheCooperativePool() async throws {
        let connections = try await withThrowingTaskGroup(of: PostgresConnection.self) { group in
            for _ in 0..<8 { group.addTask { try await TestDatabase.connect() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask { _ = try await connection.query("SELECT pg_sleep(0.5)") }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        // Serialized on a 2-thread pool this would take ≥ 2 s; in parallel it takes ~0.5 s.
        #expect(elapsed < .milliseconds(1500), "8 × pg_sleep(0.5) took \(elapsed)")
        #expect(elapsed >= .milliseconds(500))
        for connection in connections { await connection.close() }
    }

    @Test func closeStopsTheThreadAndLaterCallsThrowClosed() async throws {
        let connection = try await TestDatabase.connect()
        let executor = connection.executor
        #expect(executor.hasExited == false)
        await connection.close()
        let deadline = ContinuousClock.now + .seconds(2)
        while !executor.hasExited, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(executor.hasExited)
        let error = await #expect(throws: PostgresError.self) { _ = try await connection.query("SELECT 1") }
        #expect(error?.code == .closed)
        await connection.close()
    }

    @Test func droppingTheLastReferenceStopsTheThread() async throws {
        var connection: PostgresConnection? = try await TestDatabase.connect()
        let executor = try #require(connection).executor
        _ = try await connection?.query("SELECT 1")
        connection = nil
        let deadline = ContinuousClock.now + .seconds(2)
        while !executor.hasExited, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(executor.hasExited)
    }

    @Test func applicationNameAndKeepalivesAreSet() async throws {
        let connection = try await TestDatabase.connect()
        let row = try await connection.query("SELECT current_setting('application_name') AS app, current_setting('DateStyle') AS style")[0]
        #expect(try row.decode(String.self, column: "app") == "content-factory-tests")
        #expect(try row.decode(String.self, column: "style").hasPrefix("ISO"))
        await connection.close()
    }
}
