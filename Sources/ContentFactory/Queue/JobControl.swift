import Synchronization

/// The shared state of one running job: why it must stop (set by the heartbeat, a batch checkpoint or
/// shutdown), how to interrupt its current batch, and when its lease was last confirmed.
///
/// Shared between the job's runner, the heartbeat service and the worker's shutdown path.
package final class JobControl: Sendable {
    /// Why a job stops before it is done, in increasing precedence: a later, stronger reason replaces a
    /// weaker one, never the reverse.
    package enum StopReason: Int, Sendable, Comparable, CustomStringConvertible {
        /// Graceful shutdown: finish the current batch, then release.
        case shutdown = 1
        /// Shutdown past the soft timeout (or a second signal): abandon the uncommitted batch, release.
        case abandon = 2
        /// An operator set `cancel_requested_at`: stop now, end `cancelled`, keep committed batches.
        case cancelRequested = 3
        /// Another worker may own the job: stop now and write nothing more.
        case leaseLost = 4

        /// Orders by precedence (`shutdown` weakest, `leaseLost` strongest).
        package static func < (lhs: StopReason, rhs: StopReason) -> Bool { lhs.rawValue < rhs.rawValue }

        /// Whether the current batch is interrupted (rather than allowed to commit).
        package var interruptsBatch: Bool { self != .shutdown }

        /// The short phrase the logs show as the stop reason.
        package var description: String {
            switch self {
            case .shutdown: "shutdown"
            case .abandon: "shutdown timeout"
            case .cancelRequested: "cancel requested"
            case .leaseLost: "lease lost"
            }
        }
    }

    private struct State {
        var reason: StopReason?
        var interrupt: (@Sendable () -> Void)?
        var leaseConfirmedAt: ContinuousClock.Instant
        var batchStartedAt: ContinuousClock.Instant?
        var committedOffset: Int
    }

    /// The job as claimed.
    package let job: JobRecord
    private let state: Mutex<State>

    /// - Parameter job: the claimed job; its lease counts as confirmed now.
    package init(job: JobRecord) {
        self.job = job
        state = Mutex(State(leaseConfirmedAt: .now, committedOffset: job.currentOffset))
    }

    /// The strongest stop reason so far, or nil to keep going.
    package var stopReason: StopReason? { state.withLock { $0.reason } }

    /// Articles committed so far (the job's `current_offset` as this worker knows it).
    package var committedOffset: Int { state.withLock { $0.committedOffset } }

    /// When the lease was last confirmed by a heartbeat or a batch commit.
    package var leaseConfirmedAt: ContinuousClock.Instant { state.withLock { $0.leaseConfirmedAt } }

    /// When the batch in progress started, or nil between batches.
    package var batchStartedAt: ContinuousClock.Instant? { state.withLock { $0.batchStartedAt } }

    /// Asks the job to stop; interrupts the current batch when `reason` says so. A weaker reason than
    /// the current one is ignored.
    package func stop(_ reason: StopReason) {
        let interrupt: (@Sendable () -> Void)? = state.withLock { state in
            if let current = state.reason, current >= reason { return nil }
            state.reason = reason
            return reason.interruptsBatch ? state.interrupt : nil
        }
        interrupt?()
    }

    /// Installs how to interrupt the running work; runs it at once if an interrupting stop came first.
    func attach(interrupt: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state in
            state.interrupt = interrupt
            return state.reason?.interruptsBatch == true
        }
        if runNow { interrupt() }
    }

    func detach() {
        state.withLock { $0.interrupt = nil }
    }

    /// Records a confirmed lease (heartbeat matched, or a batch's fence matched).
    package func leaseConfirmed(at instant: ContinuousClock.Instant = .now) {
        state.withLock { $0.leaseConfirmedAt = instant }
    }

    func batchStarted(at instant: ContinuousClock.Instant = .now) {
        state.withLock { $0.batchStartedAt = instant }
    }

    func batchCommitted(offset: Int, at instant: ContinuousClock.Instant = .now) {
        state.withLock {
            $0.committedOffset = offset
            $0.leaseConfirmedAt = instant
            $0.batchStartedAt = nil
        }
    }
}
