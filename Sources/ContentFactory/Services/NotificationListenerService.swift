import Logging
import PostgresClient
import ServiceLifecycle
import Synchronization

/// LISTENs on `generation_jobs` on a dedicated connection and rings every claim slot's doorbell when a
/// job arrives. Checks the connection every `healthInterval` when it is quiet; on any error reconnects
/// (which LISTENs again, on whichever host libpq picks: the new primary after a failover), checks that
/// notifications still arrive (`probe`), and rings at once, so jobs that arrived meanwhile are claimed
/// without waiting for the poll. When notifications cannot arrive (a transaction-pooling proxy), it
/// warns once and ends: the claim slots poll.
package final class NotificationListenerService: Service, Sendable {
    /// The channel the `generation_jobs` INSERT trigger notifies.
    package static let channel = "generation_jobs"
    /// The channel only `probe` uses, so a probe wakes no other daemon.
    static let probeChannel = "content_factory_listen_probe"

    private let connection: PostgresConnection
    private let endpoint: DatabaseEndpoint
    private let probeTimeout: Duration
    private let doorbells: [Doorbell]
    private let healthInterval: Duration
    private let retryInterval: Duration
    private let logger: Logger
    private let stopping = Mutex(false)

    /// - Parameters:
    ///   - connection: a dedicated connection that already LISTENs on `channel` (so the daemon reports
    ///     ready only once LISTEN is up); the service closes it when it ends.
    ///   - doorbells: the slots to wake.
    ///   - endpoint: where the probe's short-lived sending connection goes.
    package init(connection: PostgresConnection, endpoint: DatabaseEndpoint, doorbells: [Doorbell], healthInterval: Duration,
                retryInterval: Duration, probeTimeout: Duration = .seconds(2), logger: Logger) {
        self.connection = connection
        self.endpoint = endpoint
        self.probeTimeout = probeTimeout
        self.doorbells = doorbells
        self.healthInterval = healthInterval
        self.retryInterval = retryInterval
        self.logger = logger
    }

    /// Opens a connection and LISTENs on `channel`.
    ///
    /// - Throws: `PostgresError`.
    package static func listeningConnection(_ endpoint: DatabaseEndpoint, logger: Logger) async throws -> PostgresConnection {
        let connection = try await endpoint.connect(role: "listen", logger: logger)
        do {
            try await connection.listen(channel)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Whether notifications reach `connection`: it LISTENs on a probe channel, a second, short-lived
    /// connection sends a NOTIFY with a fresh token, and `connection` waits up to `timeout` for it.
    ///
    /// On a direct connection the token arrives within milliseconds. Behind a transaction-pooling proxy
    /// (PgBouncer `pool_mode = transaction`) the LISTEN stays with whichever server connection ran it,
    /// so the token never reaches this client: LISTEN cannot work there and the caller should poll.
    ///
    /// - Throws: `PostgresError` when a statement fails (not when the token just does not arrive).
    package static func probe(_ connection: PostgresConnection, endpoint: DatabaseEndpoint, timeout: Duration,
                             logger: Logger) async throws -> Bool {
        try await connection.listen(probeChannel)
        let token = "probe-\(UInt64.random(in: 0...UInt64.max))"
        let sender = try await endpoint.connect(role: "listen-probe", logger: logger)
        do {
            try await sender.notify(channel: probeChannel, payload: token)
        } catch {
            await sender.close()
            throw error
        }
        await sender.close()
        let deadline = ContinuousClock.now + timeout
        var arrived = false
        while !arrived, ContinuousClock.now < deadline {
            guard let notification = try await connection.nextNotification(timeout: deadline - .now) else { continue }
            arrived = notification.channel == probeChannel && notification.payload == token
        }
        try await connection.unlisten(probeChannel)
        return arrived
    }

    /// Listens until graceful shutdown or cancellation, which interrupts the wait; then closes the connection.
    package func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler { [self] in
            await listen()
        } onCancelOrGracefulShutdown: { [self] in
            stopping.withLock { $0 = true }
            connection.interruptNotificationWait()
        }
        await connection.close()
    }

    private func listen() async {
        while !isStopping {
            do {
                if try await connection.nextNotification(timeout: healthInterval) != nil {
                    ringAll()
                    continue
                }
                if isStopping { return }
                let channels = try await connection.query("SELECT pg_listening_channels()")
                if !(try channels.contains { try $0.decode(String.self, at: 0) == Self.channel }) {
                    logger.warning("LISTEN was lost; listening again")
                    try await connection.listen(Self.channel)
                    ringAll()
                }
            } catch {
                if isStopping { return }
                logger.warning("LISTEN connection failed; reconnecting", metadata: ["error": "\(error)"])
                await reconnect()
            }
        }
    }

    private func reconnect() async {
        while !isStopping {
            do {
                try await connection.reconnect()
                ringAll()
                if try await Self.probe(connection, endpoint: endpoint, timeout: probeTimeout, logger: logger) {
                    logger.info("LISTEN connection restored; claiming at once")
                } else {
                    logger.warning("notifications no longer arrive after reconnecting (a transaction-pooling proxy?); polling only")
                    stopping.withLock { $0 = true }
                }
                return
            } catch {
                logger.warning("LISTEN reconnect failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: retryInterval)
            }
        }
    }

    private var isStopping: Bool { stopping.withLock { $0 } || Task.isCancelled }

    private func ringAll() {
        for doorbell in doorbells { doorbell.ring() }
    }
}
