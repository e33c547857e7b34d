/// Capped exponential backoff with jitter for `PostgresConnection.reconnect()`.
///
/// Attempt `n` (0-based) waits `min(baseDelay * 2^n, maxDelay)` scaled by a random factor in
/// `1 - jitter ... 1`, so many clients that lost the server at once do not return in lockstep.
/// The first attempt happens at once; the delays come between attempts.
public struct PostgresReconnectPolicy: Sendable, Hashable {
    /// The delay after the first failed attempt.
    public var baseDelay: Duration
    /// The largest delay between attempts.
    public var maxDelay: Duration
    /// How many connect attempts before giving up (at least 1).
    public var maxAttempts: Int
    /// Fraction of each delay that is randomised, `0...1`.
    public var jitter: Double

    /// Defaults: 100 ms doubling to at most 2 s, 16 attempts (about 25 s in all before jitter), 50 %
    /// jitter. The 2 s cap bounds how long a worker waits after the server is back (a restart or a
    /// promoted standby), so an outage of a few seconds costs a few seconds.
    public init(baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(2), maxAttempts: Int = 16, jitter: Double = 0.5) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = max(1, maxAttempts)
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The wait after failed attempt `attempt` (0-based), before jitter is applied.
    public func nominalDelay(afterAttempt attempt: Int) -> Duration {
        var delay = baseDelay
        for _ in 0..<min(attempt, 62) {
            delay *= 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }

    /// The wait after failed attempt `attempt` (0-based), with jitter.
    public func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, using generator: inout G) -> Duration {
        let factor = 1 - jitter * Double.random(in: 0...1, using: &generator)
        return nominalDelay(afterAttempt: attempt) * factor
    }
}
