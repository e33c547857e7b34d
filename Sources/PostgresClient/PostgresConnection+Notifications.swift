import CLibPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PostgresConnection {
    /// Starts listening on `channel` (`LISTEN "channel"`, quoted with `PQescapeIdentifier`). The
    /// channel is remembered and listened on again after `reconnect()`.
    ///
    /// - Throws: `PostgresError` (`.queryFailed`, `.connectionLost`, `.closed`, `.cancelled`).
    public func listen(_ channel: String) async throws {
        try await executeScript("LISTEN " + quoteIdentifier(channel))
        if !listenedChannels.contains(channel) { listenedChannels.append(channel) }
    }

    /// Stops listening on `channel`.
    ///
    /// - Throws: `PostgresError` (`.queryFailed`, `.connectionLost`, `.closed`, `.cancelled`).
    public func unlisten(_ channel: String) async throws {
        try await executeScript("UNLISTEN " + quoteIdentifier(channel))
        listenedChannels.removeAll { $0 == channel }
    }

    /// Sends a notification (`SELECT pg_notify($1, $2)`); delivered when the current transaction commits.
    ///
    /// - Throws: as `query(_:_:)`.
    public func notify(channel: String, payload: String = "") async throws {
        _ = try await query("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Waits until a notification arrives, `timeout` passes, or the wait is interrupted.
    ///
    /// Blocks the connection's thread in `poll()` on the server socket and a wake-up pipe, so other
    /// calls on this connection wait meanwhile; use a dedicated LISTEN connection.
    ///
    /// - Returns: the oldest pending notification, or `nil` on timeout or after
    ///   `interruptNotificationWait()` (an interrupt that arrives while no wait runs ends the next wait
    ///   early, so callers treat `nil` as "check your state and wait again").
    /// - Throws: `PostgresError` with code `.cancelled` when the task is cancelled (promptly),
    ///   `.connectionLost` when the server goes away, `.closed`.
    public func nextNotification(timeout: Duration) async throws -> PostgresNotification? {
        let connection = try liveConnection()
        if let pending = takeNotification(connection) { return pending }
        if Task.isCancelled { throw Self.cancelledError() }
        let deadline = ContinuousClock.now + timeout
        return try await withTaskCancellationHandler {
            // Must capture `self` to stay on the connection thread (see `cancellable`).
            self.preconditionIsolated("notification wait off the connection thread")
            return try self.waitForNotification(connection, until: deadline)
        } onCancel: { [wakeUp] in
            wakeUp.signal()
        }
    }

    /// Wakes a running `nextNotification(timeout:)`, which returns `nil` at once. Callable from any
    /// thread or task, e.g. a shutdown handler; never blocks.
    public nonisolated func interruptNotificationWait() {
        wakeUp.signal()
    }

    /// Notifications that already arrived (during earlier statements or waits), without waiting.
    ///
    /// - Throws: `PostgresError` with code `.connectionLost` or `.closed`.
    public func pendingNotifications() throws -> [PostgresNotification] {
        let connection = try liveConnection()
        _ = PQconsumeInput(connection.pointer)
        var found: [PostgresNotification] = []
        while let next = takeNotification(connection) { found.append(next) }
        return found
    }

    private func waitForNotification(_ connection: ConnectionHandle, until deadline: ContinuousClock.Instant) throws -> PostgresNotification? {
        while true {
            if Task.isCancelled {
                // The cancel handler's wake-up would otherwise end the next wait early.
                wakeUp.drain()
                throw Self.cancelledError()
            }
            guard PQconsumeInput(connection.pointer) == 1 else { throw lostError(connection) }
            if let next = takeNotification(connection) { return next }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return nil }
            let socket = PQsocket(connection.pointer)
            guard socket >= 0 else { throw lostError(connection) }
            var descriptors = [
                pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeUp.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let (seconds, attoseconds) = remaining.components
            let milliseconds = min(Int64(Int32.max), seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptors, 2, Int32(milliseconds))
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(code: .connectionLost, message: "poll() failed (errno \(errno))")
            }
            if descriptors[1].revents != 0 {
                wakeUp.drain()
                if Task.isCancelled { throw Self.cancelledError() }
                return nil
            }
        }
    }

    private func takeNotification(_ connection: ConnectionHandle) -> PostgresNotification? {
        guard let notify = PQnotifies(connection.pointer) else { return nil }
        defer { PQfreemem(notify) }
        return PostgresNotification(
            channel: String(cString: notify.pointee.relname),
            payload: notify.pointee.extra.map { String(cString: $0) } ?? "",
            senderPID: notify.pointee.be_pid
        )
    }

    private func lostError(_ connection: ConnectionHandle) -> PostgresError {
        var error = connectionError(connection)
        error.code = .connectionLost
        return error
    }
}
