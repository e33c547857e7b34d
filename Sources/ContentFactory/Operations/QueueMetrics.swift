import Foundation
import Metrics

/// The daemon's swift-metrics instruments: their names (the Prometheus families an operator scrapes)
/// and one call per event. Instruments are looked up by label on each call, so the calls work whatever
/// backend the executable bootstrapped (none in tests and one-shot commands: then they do nothing).
/// Events are per batch and per job, so the lookup cost does not matter.
package enum QueueMetrics {
    /// Counter: jobs this worker claimed.
    package static let jobsClaimed = "content_factory_jobs_claimed_total"
    /// Counter: jobs that ended `completed` on this worker.
    package static let jobsCompleted = "content_factory_jobs_completed_total"
    /// Counter: jobs that ended `failed` on this worker (a scheduled retry is not counted).
    package static let jobsFailed = "content_factory_jobs_failed_total"
    /// Counter: jobs handed back to the queue unfinished, e.g. at shutdown.
    package static let jobsReleased = "content_factory_jobs_released_total"
    /// Counter: jobs the reaper took back because their lease expired.
    package static let jobsLeaseExpired = "content_factory_jobs_lease_expired_total"
    /// Counter: batches committed.
    package static let batchesCommitted = "content_factory_batches_committed_total"
    /// Counter: articles written, summed over committed batches.
    package static let articlesWritten = "content_factory_articles_written_total"
    /// Counted where the database connection is re-established (failover work).
    package static let databaseReconnects = "content_factory_db_reconnects_total"
    /// Counted when a running job's connection drops mid-batch (failover work).
    package static let connectionLost = "content_factory_connection_lost_total"
    /// Histogram: from a batch's start to its commit.
    package static let batchDuration = "content_factory_batch_duration_seconds"
    /// Histogram: rendering one batch's articles (without the database write).
    package static let renderDuration = "content_factory_render_duration_seconds"
    /// Histogram: from a job's `created_at` to its claim (how long work waits in the queue).
    package static let claimLatency = "content_factory_claim_latency_seconds"
    /// Gauge, one series per `status` label value, sampled from the database.
    package static let queueJobs = "content_factory_queue_jobs"

    /// Every counter family, so that the exporter can show each at zero from the start.
    package static let counters = [
        jobsClaimed, jobsCompleted, jobsFailed, jobsReleased, jobsLeaseExpired, batchesCommitted,
        articlesWritten, databaseReconnects, connectionLost,
    ]
    /// Every histogram family (seconds).
    package static let histograms = [batchDuration, renderDuration, claimLatency]
    /// The `status` values the queue gauge always reports (0 when no job has it).
    package static let queueStatuses = JobStatus.allCases.map(\.rawValue)

    /// A job was claimed; `createdAt` is its row's `created_at`.
    package static func claimed(createdAt: Date, now: Date = Date()) {
        Counter(label: jobsClaimed).increment()
        let latency = max(0, now.timeIntervalSince(createdAt))
        Metrics.Timer(label: claimLatency).recordNanoseconds(Int64(latency * 1e9))
    }

    /// A batch committed `articles` articles, `duration` after it started.
    package static func batchCommitted(articles: Int, duration: Duration) {
        Counter(label: batchesCommitted).increment()
        Counter(label: articlesWritten).increment(by: articles)
        Metrics.Timer(label: batchDuration).record(duration: duration)
    }

    /// Rendering one batch took `duration`.
    package static func batchRendered(duration: Duration) {
        Metrics.Timer(label: renderDuration).record(duration: duration)
    }

    /// A job left this worker with `outcome`.
    package static func jobEnded(_ outcome: JobRunner.Outcome) {
        switch outcome {
        case .completed: Counter(label: jobsCompleted).increment()
        case .failed: Counter(label: jobsFailed).increment()
        case .released: Counter(label: jobsReleased).increment()
        case .retryScheduled, .cancelled, .leaseLost, .unrecorded: break
        }
    }

    /// The reaper took back `count` jobs whose lease expired.
    package static func leasesExpired(_ count: Int) {
        guard count > 0 else { return }
        Counter(label: jobsLeaseExpired).increment(by: count)
    }
}
