import Synchronization

/// Wakes one waiting task: an idle claim slot waits on its doorbell with a timeout (the poll interval)
/// and the LISTEN service rings every slot's doorbell when a job arrives.
///
/// A ring while nobody waits is kept (once), so a wake-up between two waits is never lost.
package final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
        var waitID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A doorbell nobody has rung.
    package init() {}

    /// Wakes the waiting task, or the next one to wait.
    package func ring() {
        ring(onlyWait: nil)
    }

    private func ring(onlyWait id: UInt64?) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if let id, state.waitID != id || state.waiter == nil { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.rung = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when rung (also by a ring since the last wait), when `timeout` passes, or when the task
    /// is cancelled.
    package func wait(timeout: Duration) async {
        let id = state.withLock { state in
            state.waitID &+= 1
            return state.waitID
        }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { ring(onlyWait: id) }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = state.withLock { state in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
        timer.cancel()
    }
}
