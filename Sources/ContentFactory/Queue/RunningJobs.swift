import Foundation
import Synchronization

/// The jobs this process runs now, by id: what the heartbeat renews and shutdown stops.
package final class RunningJobs: Sendable {
    private let jobs = Mutex<[UUID: JobControl]>([:])

    /// No jobs running.
    package init() {}

    /// Adds a claimed job.
    package func insert(_ control: JobControl) {
        jobs.withLock { $0[control.job.id] = control }
    }

    /// Removes a job that ended.
    package func remove(_ id: UUID) {
        _ = jobs.withLock { $0.removeValue(forKey: id) }
    }

    /// The running jobs now.
    package func snapshot() -> [JobControl] {
        jobs.withLock { Array($0.values) }
    }

    /// How many jobs run now.
    package var count: Int { jobs.withLock { $0.count } }

    /// Stops every running job for `reason`.
    package func stopAll(_ reason: JobControl.StopReason) {
        for control in snapshot() { control.stop(reason) }
    }
}
