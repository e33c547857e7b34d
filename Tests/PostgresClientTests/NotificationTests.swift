import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite struct NotificationTests {
    @Test func notificationsArriveWithChannelAndPayload() async throws {
        let listener = try await TestDatabase.connect()
        let sender = try await TestDatabase.connect()
        // A channel name that needs quoting: proves LISTEN goes through PQescapeIdentifier.
        let channel = TestDatabase.uniqueName(prefix: "Chan nel\"")
        try await listener.listen(channel)
        let waiter = Task { try await listener.nextNotification(timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        try await sender.notify(channel: channel, payload: "hello São Paulo ✓")
        let notification = try #require(try await waiter.value)
        #expect(notification.channel == channel)
        #expect(notification.payload == "hello São Paulo ✓")
        #expect(notification.senderPID == (await sender.backendPID))

        // Sent while nobody waits: buffered and returned by the next wait without blocking.
        try await sender.notify(channel: channel, payload: "second")
        try await sender.notify(channel: channel, payload: "third")
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await listener.nextNotification(timeout: .seconds(5))?.payload == "second")
        #expect(try await listener.nextNotification(timeout: .seconds(5))?.payload == "third")

        try await listener.unlisten(channel)
        try await sender.notify(channel: channel, payload: "ignored")
        #expect(try await listener.nextNotification(timeout: .milliseconds(300)) == nil)
        await listener.close()
        await sender.close()
    }

    @Test func aCancelledWaitReturnsPromptly() async throws {
        let listener = try await TestDatabase.connect()
        try await listener.listen("nobody_sends_here")
        let started = ContinuousClock.now
        let waiter = Task { try await listener.nextNotification(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))
        waiter.cancel()
        let error = await #expect(throws: PostgresError.self) { _ = try await waiter.value }
        #expect(error?.code == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(2))
        // The session is still usable.
        #expect(try await listener.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
        await listener.close()
    }

    @Test func interruptEndsTheWaitWithNil() async throws {
        let listener = try await TestDatabase.connect()
        try await listener.listen("nobody_sends_here_either")
        let started = ContinuousClock.now
        let waiter = Task { try await listener.nextNotification(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))
        listener.interruptNotificationWait()
        #expect(try await waiter.value == nil)
        #expect(ContinuousClock.now - started < .seconds(2))
        await listener.close()
    }
}
