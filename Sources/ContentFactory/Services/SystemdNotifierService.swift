import Logging
import ServiceLifecycle

/// Tells systemd how the daemon is: `READY=1` when it starts (the caller starts it only once the
/// database is reachable, the schema current and LISTEN up), `STATUS=` with the job counters whenever
/// they change, and `WATCHDOG=1` every half watchdog interval while the work loop is alive.
package final class SystemdNotifierService: Service, Sendable {
    private let notifier: SystemdNotifier
    private let statistics: WorkerStatistics
    private let liveness: WorkerLiveness
    private let settings: QueueSettings
    private let worker: WorkerIdentity
    private let logger: Logger

    /// - Parameter settings: the timings `liveness` is judged against for the watchdog.
    package init(notifier: SystemdNotifier, statistics: WorkerStatistics, liveness: WorkerLiveness,
                settings: QueueSettings, worker: WorkerIdentity, logger: Logger) {
        self.notifier = notifier
        self.statistics = statistics
        self.liveness = liveness
        self.settings = settings
        self.worker = worker
        self.logger = logger
    }

    /// The status line for a snapshot.
    package static func statusLine(_ snapshot: WorkerStatistics.Snapshot) -> String {
        "jobs: \(snapshot)"
    }

    /// Sends `READY=1` at once, then (under systemd only) keeps `STATUS=` current and pets the watchdog
    /// while the work loop is alive, until graceful shutdown.
    package func run() async throws {
        notifier.ready(status: Self.statusLine(statistics.snapshot))
        logger.info("ready", metadata: ["worker": "\(worker)", "systemd": "\(notifier.isEnabled)"])
        guard notifier.isEnabled else { return }
        let tick: Duration = notifier.watchdogInterval.map { min($0 / 2, .seconds(1)) } ?? .seconds(1)
        try? await cancelWhenGracefulShutdown { [self] in
            var lastStatus = ""
            while !Task.isCancelled {
                let line = Self.statusLine(statistics.snapshot)
                if line != lastStatus {
                    notifier.status(line)
                    lastStatus = line
                }
                if notifier.watchdogInterval != nil {
                    if liveness.isAlive(settings: settings) {
                        notifier.watchdog()
                    } else {
                        logger.error("work loop not alive; withholding the watchdog ping")
                    }
                }
                try await Task.sleep(for: tick)
            }
        }
    }
}
