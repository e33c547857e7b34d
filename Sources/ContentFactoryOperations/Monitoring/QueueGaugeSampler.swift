import ContentFactory
import Logging
import Metrics
import PostgresClient
import ServiceLifecycle

/// Sets `content_factory_queue_jobs{status=…}` from the database every `interval`, with one
/// `GROUP BY status` query (statuses with no job read 0).
package final class QueueGaugeSampler: Service, Sendable {
    private let connection: PostgresConnection
    private let interval: Duration
    private let logger: Logger

    /// - Parameter connection: the monitoring connection (shared with the status page).
    package init(connection: PostgresConnection, interval: Duration = .seconds(5), logger: Logger) {
        self.connection = connection
        self.interval = interval
        self.logger = logger
    }

    /// Samples every `interval` until graceful shutdown; a failed sample is logged (and the connection reconnected when the error calls for it) and the loop goes on.
    package func run() async throws {
        await Periodic.untilGracefulShutdown(every: interval) { [self] in await sample() }
    }

    /// One sample.
    package func sample() async {
        do {
            let counts = try await QueueAdministration().counts(on: connection)
            var byStatus = Dictionary(uniqueKeysWithValues: QueueMetrics.queueStatuses.map { ($0, 0) })
            for (status, count) in counts { byStatus[status] = count }
            for (status, count) in byStatus {
                Gauge(label: QueueMetrics.queueJobs, dimensions: [("status", status)]).record(count)
            }
        } catch {
            logger.warning("queue gauge sample failed", metadata: ["error": "\(error)"])
            _ = await connection.recover(after: error, logger: logger)
        }
    }
}
