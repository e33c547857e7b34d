/// The daemon's timing and capacity settings (defaults in Docs/Jobs.md#timing-settings). Value type; validate before use.
package struct QueueSettings: Sendable, Hashable {
    /// Jobs run at once, each on its own connection.
    package var concurrency = 2
    /// A job whose heartbeat is older than this is taken back by any daemon's reaper.
    package var lease: Duration = .seconds(30)
    /// How often running jobs renew their lease (and see a cancel request).
    package var heartbeatInterval: Duration = .seconds(5)
    /// How often the reaper looks for expired leases and cancelled pending jobs.
    package var reaperInterval: Duration = .seconds(10)
    /// How often an idle slot claims without a notification (NOTIFY is a hint; the table is the truth).
    package var pollInterval: Duration = .seconds(5)
    /// How often the LISTEN connection is checked when no notification arrives.
    package var listenHealthInterval: Duration = .seconds(30)
    /// How long SIGTERM waits for running batches to commit before abandoning them.
    package var softShutdownTimeout: Duration = .seconds(60)
    /// A batch running longer than this stops heartbeating, so a wedged worker loses its lease.
    package var batchTimeCap: Duration = .seconds(600)
    /// First retry delay after a transient error; doubles per attempt.
    package var retryBaseDelay: Duration = .seconds(30)
    /// Largest retry delay.
    package var retryMaxDelay: Duration = .seconds(1800)
    /// LISTEN for wake-ups; off behind a transaction-pooling proxy, where only polling works.
    package var listens = true
    /// Run until no job is claimable, then stop (`run --once`).
    package var exitWhenIdle = false
    /// Up to this many more one-batch jobs of the same site and filters come with a one-batch job a
    /// slot claims, and commit with it in one transaction (Docs/Jobs.md#small-jobs-together); 0 claims
    /// one job at a time.
    package var companions = 127

    /// The documented defaults (Docs/Jobs.md#timing-settings).
    package init() {}

    /// Why a combination of settings is refused.
    package struct Invalid: Error, Sendable, CustomStringConvertible {
        /// A sentence naming the settings.
        package var description: String
    }

    /// Checks the invariants the protocol relies on.
    ///
    /// - Throws: `Invalid` when concurrency is below 1, an interval is not positive, or the lease is
    ///   shorter than two heartbeats (a single late heartbeat must not lose the lease).
    package func validate() throws {
        guard concurrency >= 1, concurrency <= 256 else {
            throw Invalid(description: "concurrency must be between 1 and 256 (got \(concurrency))")
        }
        guard companions >= 0, companions <= 1000 else {
            throw Invalid(description: "companions must be between 0 and 1000 (got \(companions))")
        }
        let positive: [(String, Duration)] = [
            ("lease", lease), ("heartbeat interval", heartbeatInterval), ("reaper interval", reaperInterval),
            ("poll interval", pollInterval), ("listen health interval", listenHealthInterval),
            ("batch time cap", batchTimeCap), ("retry base delay", retryBaseDelay), ("retry max delay", retryMaxDelay),
        ]
        for (name, value) in positive where value <= .zero {
            throw Invalid(description: "\(name) must be positive (got \(value.seconds) s)")
        }
        guard softShutdownTimeout >= .zero else {
            throw Invalid(description: "soft shutdown timeout must not be negative")
        }
        guard lease >= heartbeatInterval * 2 else {
            throw Invalid(description: "lease (\(lease.seconds) s) must be at least two heartbeat intervals (\(heartbeatInterval.seconds) s); three or more is advised")
        }
    }

    /// How long a running job may go without a confirmed lease before it stops itself: the lease minus
    /// one heartbeat interval of margin, so it stops before another daemon can take the job.
    package var selfFencingDeadline: Duration {
        lease - heartbeatInterval
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number (for SQL intervals and messages).
    package var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }

    /// A duration from a number of seconds (`nil` for NaN or infinity).
    package static func seconds(exactly value: Double) -> Duration? {
        guard value.isFinite else { return nil }
        return .nanoseconds(Int64((value * 1e9).rounded()))
    }
}
