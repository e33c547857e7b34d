import Dispatch
import Foundation

/// A serial executor that runs every job on one dedicated OS thread.
///
/// libpq calls block (network round trips, `poll()`), so a `PostgresConnection` must never run them on
/// Swift's cooperative pool, whose few threads would stall every other task. Each connection owns one of
/// these executors; the thread sleeps on a condition variable while the queue is empty.
///
/// After `shutdown()` the thread drains the jobs already queued and exits. Jobs enqueued after it has
/// exited (an actor method called on a closed connection) run on a private serial dispatch queue, so a
/// late call still completes (and throws `.closed`) instead of hanging; no blocking libpq work happens then.
///
/// It is also a `TaskExecutor`: a task that prefers it (`PostgresConnection.taskExecutor`) runs its
/// nonisolated code on the same thread, so a job's many short steps between statements do not hop
/// between this thread and the cooperative pool.
final class ConnectionThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    // Invariant: `jobs`, `jobsHead`, `isShuttingDown`, `threadExited` and `threadID` are read and written only with `condition`
    // locked. Once `threadExited` is true it stays true and nothing is appended to `jobs` again, so jobs
    // run either on the thread or on `fallbackQueue`, never on both at once: serial order is kept.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var jobsHead = 0
    private var isShuttingDown = false
    private var threadExited = false
    private var threadID: pthread_t?
    private let fallbackQueue: DispatchQueue

    /// Starts the thread at once; it lives until `shutdown()`.
    init(name: String) {
        fallbackQueue = DispatchQueue(label: name + ".closed")
        let thread = Thread { [self] in runLoop() }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        if threadExited {
            condition.unlock()
            fallbackQueue.async { [self] in
                unowned.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
            }
            return
        }
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    func checkIsolated() {
        // Only the dedicated thread or, after it exited, the fallback queue run our jobs.
        condition.lock()
        let owner = threadID
        let exited = threadExited
        condition.unlock()
        if let owner, pthread_equal(owner, pthread_self()) != 0 { return }
        precondition(exited, "PostgresConnection code ran off its connection thread")
        dispatchPrecondition(condition: .onQueue(fallbackQueue))
    }

    /// Asks the thread to exit once the queued jobs have run. Safe to call from any thread, repeatedly,
    /// including from a job running on the thread itself.
    func shutdown() {
        condition.lock()
        isShuttingDown = true
        condition.signal()
        condition.unlock()
    }

    /// Whether the thread has exited (after `shutdown()` and the last queued job).
    var hasExited: Bool {
        condition.lock()
        defer { condition.unlock() }
        return threadExited
    }

    private func runLoop() {
        let executor = asUnownedSerialExecutor()
        let taskExecutor = asUnownedTaskExecutor()
        condition.lock()
        threadID = pthread_self()
        condition.unlock()
        while true {
            condition.lock()
            while jobsHead == jobs.count && !isShuttingDown {
                condition.wait()
            }
            if jobsHead == jobs.count {
                // Shutting down with nothing left: mark exited under the same lock that enqueue checks.
                jobs = []
                jobsHead = 0
                threadExited = true
                condition.unlock()
                return
            }
            let job = jobs[jobsHead]
            jobsHead += 1
            if jobsHead == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                jobsHead = 0
            }
            condition.unlock()
            job.runSynchronously(isolatedTo: executor, taskExecutor: taskExecutor)
        }
    }
}
