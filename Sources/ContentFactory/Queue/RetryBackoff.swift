/// When a job that failed transiently runs again (Docs/Jobs.md#errors-retries-and-backoff):
/// `min(base · 2^(attempt−1), cap) · U(0.9, 1.1)`.
package struct RetryBackoff: Sendable, Hashable {
    /// The delay after the first attempt.
    package var baseDelay: Duration
    /// The largest delay before jitter.
    package var maxDelay: Duration

    /// - Parameters: the base and cap; defaults 30 s and 30 min.
    package init(baseDelay: Duration = .seconds(30), maxDelay: Duration = .seconds(1800)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The delay before jitter after attempt `attempt` (1-based: the claim that just failed).
    package func nominalDelay(afterAttempt attempt: Int) -> Duration {
        var delay = baseDelay
        for _ in 0..<max(0, min(attempt - 1, 62)) {
            delay *= 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }

    /// The delay with ±10 % jitter, so jobs that failed together do not return together.
    package func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, using generator: inout G) -> Duration {
        nominalDelay(afterAttempt: attempt) * Double.random(in: 0.9...1.1, using: &generator)
    }

    /// `delay(afterAttempt:using:)` with the system generator.
    package func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }
}
