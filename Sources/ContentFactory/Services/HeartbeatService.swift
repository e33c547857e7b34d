import Logging
import PostgresClient
import ServiceLifecycle

/// Renews the lease of every running job every `heartbeatInterval`, in one fenced statement, on the
/// maintenance connection (Docs/Jobs.md#leases-heartbeats-and-the-reaper). A job that lost its lease, or whose cancel was requested, is
/// told to stop; a job whose lease could not be confirmed for longer than the lease minus a margin
/// stops too (someone else may own it by now), checked every second on its own so that a heartbeat
/// stuck on a dead network or a slow reconnect cannot delay it; a job whose current batch runs past
/// the batch time cap is no longer renewed, so a wedged worker loses it.
package final class HeartbeatService: Service, Sendable {
    private let connection: PostgresConnection
    private let store: JobStore
    private let running: RunningJobs
    private let liveness: WorkerLiveness
    private let settings: QueueSettings
    private let logger: Logger
    private let presence: WorkerPresence?

    /// - Parameters:
    ///   - connection: the maintenance connection (shared with the reaper; each statement is
    ///     autocommit, so sharing is safe).
    ///   - presence: when given, each tick also renews this daemon's `content_factory_workers` row,
    ///     and shutdown marks it stopped.
    package init(connection: PostgresConnection, store: JobStore, running: RunningJobs, liveness: WorkerLiveness,
                settings: QueueSettings, presence: WorkerPresence? = nil, logger: Logger) {
        self.presence = presence
        self.connection = connection
        self.store = store
        self.running = running
        self.liveness = liveness
        self.settings = settings
        self.logger = logger
    }

    /// Beats every `heartbeatInterval` and checks unconfirmed leases every second until graceful shutdown.
    package func run() async throws {
        try? await cancelWhenGracefulShutdown { [self] in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Periodic.repeating(every: min(.seconds(1), self.settings.heartbeatInterval)) { self.stopUnconfirmedJobs() }
                }
                try await Periodic.repeating(every: settings.heartbeatInterval) { await beat() }
                group.cancelAll()
            }
        }
        if let presence {
            do {
                try await presence.stopped(on: connection)
            } catch {
                logger.warning("cannot mark this worker stopped", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Renews this daemon's presence row; a failure only delays it (the job heartbeat handles the
    /// connection).
    private func renewPresence() async {
        guard let presence else { return }
        do {
            try await presence.seen(on: connection)
        } catch {
            logger.debug("presence not renewed", metadata: ["error": "\(error)"])
        }
    }

    /// Stops every running job whose lease was last confirmed longer ago than the self-fencing
    /// deadline (the lease minus one heartbeat): by then another daemon may own it.
    package func stopUnconfirmedJobs(now: ContinuousClock.Instant = .now) {
        for control in running.snapshot()
        where control.stopReason != .leaseLost && now - control.leaseConfirmedAt > settings.selfFencingDeadline {
            logger.error("lease unconfirmed for too long; stopping the job", metadata: ["job": "\(control.job.id)"])
            control.stop(.leaseLost)
        }
    }

    /// One heartbeat for every running job.
    package func beat() async {
        liveness.stampHeartbeat()
        await renewPresence()
        let now = ContinuousClock.now
        let controls = running.snapshot().filter { control in
            guard control.stopReason != .leaseLost else { return false }
            if let started = control.batchStartedAt, now - started > settings.batchTimeCap {
                logger.error("batch exceeded the time cap; no longer renewing its lease",
                             metadata: ["job": "\(control.job.id)", "cap_seconds": "\(settings.batchTimeCap.seconds)"])
                return false
            }
            return true
        }
        guard !controls.isEmpty else { return }
        do {
            let owned = try await store.heartbeat(controls.map { ($0.job.id, $0.job.attempt) }, on: connection)
            let confirmed = ContinuousClock.now
            for control in controls {
                guard let cancelRequested = owned[control.job.id] else {
                    // Also when the job just finished: stopping a finished job does nothing.
                    control.stop(.leaseLost)
                    continue
                }
                control.leaseConfirmed(at: confirmed)
                if cancelRequested { control.stop(.cancelRequested) }
            }
        } catch {
            logger.warning("heartbeat failed", metadata: ["error": "\(error)", "jobs": "\(controls.count)"])
            stopUnconfirmedJobs()
            _ = await connection.recover(after: error, logger: logger)
        }
    }
}
