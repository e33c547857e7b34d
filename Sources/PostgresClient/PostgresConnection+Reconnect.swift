import CLibPQ

extension PostgresConnection {
    /// Reconnects unless the session is healthy; see `reconnect()`.
    ///
    /// `isConnected` only reflects what libpq has seen: a server that went away since the last
    /// statement is noticed by the next one. Callers typically run a statement, and on an error whose
    /// `classification` is `.reconnect`, call this and retry.
    ///
    /// - Throws: as `reconnect()`.
    public func ensureConnected() async throws {
        if isClosed { throw Self.closedError() }
        if isConnected { return }
        try await reconnect()
    }

    /// Drops the current session and connects again with the configuration's `reconnectPolicy`:
    /// immediately, then after capped, jittered exponential delays, up to `maxAttempts` attempts.
    /// LISTEN channels are listened on again. Session state (prepared statements, `SET`s, temp tables)
    /// does not survive.
    ///
    /// - Throws: the last `PostgresError` (`.connectionFailed`) when all attempts fail; a permanent
    ///   error (e.g. a failing re-LISTEN) at once; `.cancelled` when the task is cancelled while
    ///   waiting; `.closed` when the connection was closed.
    public func reconnect() async throws {
        if isClosed { throw Self.closedError() }
        canceller.replace(with: nil)
        handle = nil
        let policy = configuration.reconnectPolicy
        var generator = SystemRandomNumberGenerator()
        var lastError = PostgresError(code: .connectionFailed, message: "no reconnect attempt was made")
        for attempt in 0..<policy.maxAttempts {
            if attempt > 0 {
                let delay = policy.delay(afterAttempt: attempt - 1, using: &generator)
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw Self.cancelledError()
                }
                if isClosed { throw Self.closedError() }
                // Another caller may have reconnected while this one slept.
                if isConnected { return }
            }
            do {
                try open()
                try relisten()
                logger.info("postgres reconnected", metadata: ["postgres.attempt": "\(attempt + 1)", "postgres.backend_pid": "\(backendPID ?? 0)"])
                return
            } catch let error as PostgresError where error.classification == .reconnect {
                handle = nil
                canceller.replace(with: nil)
                lastError = error
                logger.warning("postgres reconnect attempt failed", metadata: [
                    "postgres.attempt": "\(attempt + 1)", "postgres.max_attempts": "\(policy.maxAttempts)", "postgres.error": "\(error)",
                ])
            }
        }
        throw lastError
    }

    private func relisten() throws {
        let connection = try liveConnection()
        for channel in listenedChannels {
            _ = try rows(from: PQexec(connection.pointer, "LISTEN " + quoteIdentifier(channel)), connection: connection)
        }
    }
}
