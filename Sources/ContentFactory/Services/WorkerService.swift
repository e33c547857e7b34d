import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import Synchronization

/// The claim loop (Docs/Jobs.md#claim): `concurrency` slots, each with its own connection, each claiming one
/// job at a time when idle (woken by a doorbell or the poll interval), running it, and claiming again
/// at once while jobs are there.
///
/// Graceful shutdown (SIGTERM, SIGINT): stop claiming, let each running job commit its current batch,
/// then release it; past the soft timeout (or on `abandonRunningBatches()`), interrupt the uncommitted
/// batches and release. `run()` returns when every slot has stopped; with `exitWhenIdle`, also once the
/// queue has nothing claimable.
package final class WorkerService: Service, Sendable {
    /// What the service needs; value type so tests can build one piece by piece.
    package struct Dependencies: Sendable {
        /// Where each slot opens its own connection (patiently, at start).
        package var endpoint: DatabaseEndpoint
        /// Concurrency, poll interval, retry back-off and the other timings.
        package var settings: QueueSettings
        /// This daemon's id, written as `locked_by` on every claim.
        package var worker: WorkerIdentity
        /// Turns a claimed job into articles.
        package var generator: any ArticleGenerator
        /// The jobs in flight, shared with the heartbeat, which stops jobs that lost their lease.
        package var running: RunningJobs
        /// Job outcome counters, shared with the systemd status line.
        package var statistics: WorkerStatistics
        /// Per-slot stamps that `/healthz` and the systemd watchdog read.
        package var liveness: WorkerLiveness
        /// One per slot, rung by the LISTEN service when a job arrives.
        package var doorbells: [Doorbell]
        /// The daemon's version, written in the `worker.started`/`worker.stopped` log rows.
        package var version: String
        /// Called once when graceful shutdown starts (systemd `STOPPING=1`).
        package var onStopping: @Sendable () -> Void

        /// - Parameter doorbells: one per slot (`settings.concurrency`).
        package init(endpoint: DatabaseEndpoint, settings: QueueSettings, worker: WorkerIdentity, generator: any ArticleGenerator,
                    running: RunningJobs, statistics: WorkerStatistics, liveness: WorkerLiveness, doorbells: [Doorbell],
                    version: String, onStopping: @escaping @Sendable () -> Void = {}) {
            self.endpoint = endpoint
            self.settings = settings
            self.worker = worker
            self.generator = generator
            self.running = running
            self.statistics = statistics
            self.liveness = liveness
            self.doorbells = doorbells
            self.version = version
            self.onStopping = onStopping
        }
    }

    private struct ShutdownState {
        var stopping = false
        var softTimeout: Task<Void, Never>?
    }

    private let dependencies: Dependencies
    private let store: JobStore
    private let runner: JobRunner
    private let logger: Logger
    private let shutdown = Mutex(ShutdownState())

    /// - Parameters: the dependencies and a logger.
    package init(_ dependencies: Dependencies, logger: Logger) {
        precondition(dependencies.doorbells.count == dependencies.settings.concurrency, "one doorbell per slot")
        self.dependencies = dependencies
        self.logger = logger
        store = JobStore(worker: dependencies.worker)
        var runner = JobRunner(
            store: store, generator: dependencies.generator,
            renderer: BatchRenderer(parallelism: ProcessInfo.processInfo.activeProcessorCount),
            backoff: RetryBackoff(baseDelay: dependencies.settings.retryBaseDelay, maxDelay: dependencies.settings.retryMaxDelay),
            logger: logger)
        let endpoint = dependencies.endpoint
        runner.companion = { try await endpoint.connect(role: "worker-companion", logger: logger) }
        self.runner = runner
    }

    /// Whether graceful shutdown has begun.
    package var isStopping: Bool { shutdown.withLock { $0.stopping } }

    /// Connects every slot, runs the claim loops until graceful shutdown, then logs `worker.stopped`.
    /// Returns early, without claiming, if a slot cannot connect (e.g. cancelled while waiting for the database).
    package func run() async throws {
        let settings = dependencies.settings
        var connections: [PostgresConnection] = []
        do {
            for slot in 0..<settings.concurrency {
                connections.append(try await dependencies.endpoint.connectPatiently(role: "worker-\(slot + 1)", logger: logger))
            }
        } catch {
            for connection in connections { await connection.close() }
            return
        }
        await logWorker("worker.started", on: connections[0])
        logger.info("worker started", metadata: ["worker": "\(dependencies.worker)", "concurrency": "\(settings.concurrency)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for (slot, connection) in connections.enumerated() {
                    group.addTask { await self.slotLoop(slot, connection: connection) }
                }
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        shutdown.withLock { $0.softTimeout?.cancel() }
        try? await connections[0].ensureConnected()
        await logWorker("worker.stopped", on: connections[0])
        logger.info("worker stopped", metadata: ["statistics": "\(dependencies.statistics.snapshot)"])
        for connection in connections { await connection.close() }
    }

    /// Starts graceful shutdown: no more claims; running jobs release after their current batch, or
    /// after the soft timeout with their batch abandoned. Idempotent.
    package func beginShutdown() {
        let first = shutdown.withLock { state -> Bool in
            if state.stopping { return false }
            state.stopping = true
            let timeout = dependencies.settings.softShutdownTimeout
            state.softTimeout = Task { [self] in
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled {
                    logger.warning("soft shutdown timeout reached; abandoning uncommitted batches")
                    dependencies.running.stopAll(.abandon)
                }
            }
            return true
        }
        guard first else { return }
        logger.notice("shutting down: no more claims; running jobs release after their current batch",
                      metadata: ["running": "\(dependencies.running.count)"])
        dependencies.onStopping()
        dependencies.running.stopAll(.shutdown)
        for doorbell in dependencies.doorbells { doorbell.ring() }
    }

    /// Interrupts the running batches at once and releases their jobs (second signal, or past the soft
    /// timeout). Starts graceful shutdown if it has not begun.
    package func abandonRunningBatches() {
        beginShutdown()
        dependencies.running.stopAll(.abandon)
    }

    /// One slot: claim, run, repeat; wait on the doorbell when there is nothing to claim.
    func slotLoop(_ slot: Int, connection: PostgresConnection) async {
        let settings = dependencies.settings
        let liveness = dependencies.liveness
        let doorbell = dependencies.doorbells[slot]
        defer { liveness.retire(slot: slot) }
        while !isStopping && !Task.isCancelled {
            liveness.stamp(slot: slot, busy: false)
            let claimed: [JobRecord]
            do {
                claimed = try await store.claim(companions: settings.companions, on: connection)
            } catch {
                if isStopping || Task.isCancelled { return }
                logger.error("claim failed", metadata: ["slot": "\(slot + 1)", "error": "\(error)"])
                var recovered = false
                if (error as? PostgresError)?.classification == .reconnect {
                    recovered = await connection.recover(after: error, logger: logger)
                }
                // After a reconnect, claim at once: jobs may have arrived while the connection was down.
                if !recovered { await doorbell.wait(timeout: settings.pollInterval) }
                continue
            }
            if !claimed.isEmpty {
                liveness.stamp(slot: slot, busy: true)
                await run(claimed, on: connection)
                continue
            }
            if settings.exitWhenIdle { return }
            await doorbell.wait(timeout: settings.pollInterval)
        }
    }

    /// Runs what one claim took: one job, or several small ones together (`JobRunner.run(together:)`).
    private func run(_ jobs: [JobRecord], on connection: PostgresConnection) async {
        let controls = jobs.map(JobControl.init(job:))
        for control in controls {
            dependencies.running.insert(control)
            dependencies.statistics.started()
            QueueMetrics.claimed(createdAt: control.job.createdAt)
            // A shutdown that began while this claim was in flight still applies to it.
            if isStopping { control.stop(.shutdown) }
        }
        await runner.run(together: controls, on: connection) { control, outcome in
            dependencies.running.remove(control.job.id)
            dependencies.statistics.ended(outcome)
            QueueMetrics.jobEnded(outcome)
        }
    }

    private func logWorker(_ action: String, on connection: PostgresConnection) async {
        let entry = WorkLogEntry.worker(action, worker: dependencies.worker, version: dependencies.version,
                                        concurrency: dependencies.settings.concurrency, listen: dependencies.settings.listens)
        do {
            try await store.log([entry], on: connection)
        } catch {
            logger.warning("cannot write \(action) to work_log", metadata: ["error": "\(error)"])
        }
    }
}
