import Logging
import Metrics
import PostgresClient

/// Where the daemon's connections go, and how each is named in `pg_stat_activity`
/// (`content-factory/worker-1`, `content-factory/listen`, …) so an operator can tell them apart.
package struct DatabaseEndpoint: Sendable {
    /// The base configuration (URL, timeouts, keepalives, reconnect policy).
    package var configuration: PostgresConfiguration

    /// - Parameter configuration: the connection settings every role shares.
    package init(configuration: PostgresConfiguration) {
        self.configuration = configuration
    }

    /// Opens a connection for `role`.
    ///
    /// - Throws: `PostgresError` (`.connectionFailed`).
    package func connect(role: String, logger: Logger) async throws -> PostgresConnection {
        var configuration = self.configuration
        configuration.applicationName = "content-factory/\(role)"
        return try await PostgresConnection.connect(configuration, logger: logger)
    }

    /// Opens a connection for `role`, trying again (with the configuration's backoff, then every
    /// `retryInterval`) until it succeeds or the task is cancelled.
    ///
    /// - Throws: `CancellationError` when cancelled first.
    package func connectPatiently(role: String, logger: Logger, retryInterval: Duration = .seconds(5)) async throws -> PostgresConnection {
        while true {
            try Task.checkCancellation()
            do {
                return try await connect(role: role, logger: logger)
            } catch {
                logger.warning("cannot connect; retrying", metadata: ["role": "\(role)", "error": "\(error)"])
                try await Task.sleep(for: retryInterval)
            }
        }
    }
}

extension PostgresConnection {
    /// Reconnects after `error` when its `PostgresError.classification` says the connection is gone;
    /// returns whether the connection is usable now. Never throws: callers log and try again on their
    /// next tick. The one place the daemon decides whether an error means reconnecting.
    package func recover(after error: any Error, logger: Logger) async -> Bool {
        guard PostgresError.classification(of: error) == .reconnect else { return true }
        do {
            try await reconnect()
            Counter(label: JobRunner.ConnectionMetrics.reconnects).increment()
            return true
        } catch {
            logger.warning("reconnect failed", metadata: ["error": "\(error)"])
            return false
        }
    }
}
