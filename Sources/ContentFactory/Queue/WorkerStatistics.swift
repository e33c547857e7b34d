import Synchronization

/// Counters of what this process did since it started, for systemd's `STATUS=` and logs.
package final class WorkerStatistics: Sendable {
    /// A consistent copy of the counters.
    package struct Snapshot: Sendable, Hashable, CustomStringConvertible {
        /// Jobs running now.
        package var running = 0
        /// Jobs that completed.
        package var completed = 0
        /// Jobs whose failure was final.
        package var failed = 0
        /// Failed attempts with a retry scheduled.
        package var retried = 0
        /// Jobs stopped by a cancel.
        package var cancelled = 0
        /// Jobs handed back unfinished (shutdown).
        package var released = 0
        /// Jobs whose lease was lost or whose final transition could not be written.
        package var lost = 0

        /// `2 running, 40 done, 1 failed` plus the rarer counters when not zero.
        package var description: String {
            var text = "\(running) running, \(completed) done, \(failed) failed"
            if retried > 0 { text += ", \(retried) retried" }
            if cancelled > 0 { text += ", \(cancelled) cancelled" }
            if released > 0 { text += ", \(released) released" }
            if lost > 0 { text += ", \(lost) lost" }
            return text
        }
    }

    private let counters = Mutex(Snapshot())

    /// All counters at zero.
    package init() {}

    /// The counters now.
    package var snapshot: Snapshot { counters.withLock { $0 } }

    func started() { counters.withLock { $0.running += 1 } }

    func ended(_ outcome: JobRunner.Outcome) {
        counters.withLock { counters in
            counters.running -= 1
            switch outcome {
            case .completed: counters.completed += 1
            case .failed: counters.failed += 1
            case .retryScheduled: counters.retried += 1
            case .cancelled: counters.cancelled += 1
            case .released: counters.released += 1
            case .leaseLost, .unrecorded: counters.lost += 1
            }
        }
    }
}
