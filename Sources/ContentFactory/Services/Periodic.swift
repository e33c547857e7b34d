import ServiceLifecycle

/// The loop of every periodic service (reaper, heartbeat, queue gauge): run, sleep, run again.
package enum Periodic {
    /// Runs `body`, then again every `interval` after it returns, until the task is cancelled.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while sleeping.
    package static func repeating(every interval: Duration, _ body: () async -> Void) async throws {
        while !Task.isCancelled {
            await body()
            try await Task.sleep(for: interval)
        }
    }

    /// `repeating(every:_:)` until graceful shutdown (or cancellation); returns then.
    package static func untilGracefulShutdown(every interval: Duration, _ body: @escaping @Sendable () async -> Void) async {
        try? await cancelWhenGracefulShutdown {
            try await repeating(every: interval, body)
        }
    }
}
