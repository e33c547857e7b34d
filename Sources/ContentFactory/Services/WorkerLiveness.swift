import Synchronization

/// Whether the work loop is alive, for systemd's watchdog (Docs/Architecture.md#meanwhile-heartbeat-reaper-shutdown: `WATCHDOG=1` is driven by the
/// work loop's liveness, not a free-running timer).
///
/// Each claim slot stamps when it goes round its loop; a slot running a job counts as alive (a wedged
/// job loses its lease through the batch time cap instead). The heartbeat service stamps each tick.
package final class WorkerLiveness: Sendable {
    private struct State {
        var slots: [ContinuousClock.Instant?]
        var busy: [Bool]
        var heartbeat: ContinuousClock.Instant
    }

    private let state: Mutex<State>

    /// - Parameter slots: the number of claim slots.
    package init(slots: Int) {
        let now = ContinuousClock.now
        state = Mutex(State(slots: Array(repeating: now, count: slots), busy: Array(repeating: false, count: slots), heartbeat: now))
    }

    /// A slot went round its loop; `busy` while it runs a job.
    package func stamp(slot: Int, busy: Bool) {
        state.withLock {
            $0.slots[slot] = .now
            $0.busy[slot] = busy
        }
    }

    /// A slot ended for good (shutdown, `--once`).
    package func retire(slot: Int) {
        state.withLock {
            $0.slots[slot] = nil
            $0.busy[slot] = false
        }
    }

    /// The heartbeat service ticked.
    package func stampHeartbeat() {
        state.withLock { $0.heartbeat = .now }
    }

    /// Alive when every idle slot went round within `slotBound` and the heartbeat ticked within
    /// `heartbeatBound`.
    package func isAlive(slotBound: Duration, heartbeatBound: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            guard now - state.heartbeat <= heartbeatBound else { return false }
            for (index, stamp) in state.slots.enumerated() {
                guard let stamp else { continue }
                if !state.busy[index] && now - stamp > slotBound { return false }
            }
            return true
        }
    }
}
