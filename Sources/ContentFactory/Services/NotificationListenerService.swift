import Logging
import PostgresClient
import ServiceLifecycle
import Synchronization

/// LISTENs on `generation_jobs` on a dedicated connection and rings every claim slot's doorbell when a
/// job arrives (queue.md §2). Checks the connection every `healthInterval` when it is quiet; on any
/// error reconnects (which LISTENs again) and rings at once, so jobs that arrived meanwhile are claimed
/// without waiting for the poll.
public final class NotificationListenerService: Service, Sendable {
    /// The channel the `generation_jobs` INSERT trigger notifies.
    public static let channel = "generation_jobs"

    private let connection: PostgresConnection
    private let doorbells: [Doorbell]
    private let healthInterval: Duration
    private let retryInterval: Duration
    private let logger: Logger
    private let stopping = Mutex(false)

    /// - Parameters:
    ///   - connection: a dedicated connection that already LISTENs on `channel` (so the daemon reports
    ///     ready only once LISTEN is up); the service closes it when it ends.
    ///   - doorbells: the slots to wake.
    public init(connection: PostgresConnection, doorbells: [Doorbell], healthInterval: Duration,
                retryInterval: Duration, logger: Logger) {
        self.connection = connection
        self.doorbells = doorbells
        self.healthInterval = healthInterval
        self.retryInterval = retryInterval
        self.logger = logger
    }

    /// Opens a connection and LISTENs on `channel`.
    ///
    /// - Throws: `PostgresError`.
    public static func listeningConnection(_ endpoint: DatabaseEndpoint, logger: Logger) async throws -> PostgresConnection {
        let connection = try await endpoint.connect(role: "listen", logger: logger)
        do {
            try await connection.listen(channel)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    public func run() async throws {
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
                logger.info("LISTEN connection restored; claiming at once")
                ringAll()
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
