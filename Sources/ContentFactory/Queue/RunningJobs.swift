import Foundation
import Synchronization

/// The jobs this process runs now, by id: what the heartbeat renews and shutdown stops.
public final class RunningJobs: Sendable {
    private let jobs = Mutex<[UUID: JobControl]>([:])

    /// No jobs running.
    public init() {}

    /// Adds a claimed job.
    public func insert(_ control: JobControl) {
        jobs.withLock { $0[control.job.id] = control }
    }

    /// Removes a job that ended.
    public func remove(_ id: UUID) {
        _ = jobs.withLock { $0.removeValue(forKey: id) }
    }

    /// The running jobs now.
    public func snapshot() -> [JobControl] {
        jobs.withLock { Array($0.values) }
    }

    /// How many jobs run now.
    public var count: Int { jobs.withLock { $0.count } }

    /// Stops every running job for `reason`.
    public func stopAll(_ reason: JobControl.StopReason) {
        for control in snapshot() { control.stop(reason) }
    }
}
