import Logging
import PostgresClient
import ServiceLifecycle

/// Every `reaperInterval`: returns jobs whose lease expired to `pending` (or `failed`) and finalises
/// cancelled pending jobs (Docs/Jobs.md#leases-heartbeats-and-the-reaper, #cancel-and-retry). Runs on every daemon; the statements are idempotent.
package final class ReaperService: Service, Sendable {
    private let connection: PostgresConnection
    private let reaper: JobReaper
    private let interval: Duration
    private let logger: Logger

    /// - Parameter connection: the maintenance connection (shared with the heartbeat).
    package init(connection: PostgresConnection, reaper: JobReaper, interval: Duration, logger: Logger) {
        self.connection = connection
        self.reaper = reaper
        self.interval = interval
        self.logger = logger
    }

    /// Reaps once per `interval` until graceful shutdown; a failed pass is logged and retried next time.
    package func run() async throws {
        await Periodic.untilGracefulShutdown(every: interval) { [self] in await reapOnce() }
    }

    /// One reaper pass.
    package func reapOnce() async {
        do {
            let (expired, cancelled) = try await reaper.reap(on: connection)
            QueueMetrics.leasesExpired(expired)
            if expired > 0 { logger.warning("reaper took back jobs whose lease expired", metadata: ["jobs": "\(expired)"]) }
            if cancelled > 0 { logger.notice("reaper finalised cancelled pending jobs", metadata: ["jobs": "\(cancelled)"]) }
        } catch {
            logger.warning("reaper pass failed", metadata: ["error": "\(error)"])
            _ = await connection.recover(after: error, logger: logger)
        }
    }
}
