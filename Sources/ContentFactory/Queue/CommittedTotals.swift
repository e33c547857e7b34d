import Synchronization

/// What one run of a job's committed batches added up to, for its `job.completed` row. Shared: a
/// batch written beside the previous one (`OverlappedCommits`) reads it once that one committed.
final class CommittedTotals: Sendable {
    private let totals = Mutex(BatchWriteSummary.Totals())

    /// The totals so far.
    var current: BatchWriteSummary.Totals { totals.withLock { $0 } }

    /// Adds a committed batch.
    func add(_ summary: BatchWriteSummary) {
        totals.withLock { $0 = $0.adding(summary) }
    }
}
