import PostgresClient

/// The reaper's statements; any daemon may run them (idempotent, no leader).
package struct JobReaper: Sendable {
    /// The lease after which a silent job is taken back.
    package var lease: Duration
    /// Backoff for a job whose lease expired more than once.
    package var backoff: RetryBackoff

    /// - Parameters: the lease and the backoff for repeated expiries.
    package init(lease: Duration, backoff: RetryBackoff) {
        self.lease = lease
        self.backoff = backoff
    }

    /// Ends stopped workers' sessions that hold an expired job's row, returns expired jobs to
    /// `pending` (or `failed` with no attempt left) and finalises cancelled pending jobs. Returns how
    /// many jobs each step changed.
    ///
    /// - Throws: `PostgresError`.
    package func reap(on connection: PostgresConnection) async throws -> (expired: Int, cancelled: Int) {
        // Best effort: a role that may not end these sessions still reaps what is not locked.
        do {
            _ = try await connection.query(JobQueries.endStalledWorkers, [lease.seconds])
        } catch let error as PostgresError where error.sqlState == "42501" {}
        let expired = try await connection.query(
            JobQueries.reapExpired, [lease.seconds, backoff.baseDelay.seconds, backoff.maxDelay.seconds])
        let cancelled = try await connection.query(JobQueries.finaliseCancelledPending)
        return (try expired.first?.decode(Int.self, at: 0) ?? 0, try cancelled.first?.decode(Int.self, at: 0) ?? 0)
    }
}
