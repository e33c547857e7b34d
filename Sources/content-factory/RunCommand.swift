import ArgumentParser
import ContentFactory
import ContentFactoryOperations
import Logging
import PostgresClient
import ServiceLifecycle
import UnixSignals

/// `content-factory run`: the daemon. Claims `generation_jobs`, generates their articles batch by
/// batch, and shuts down gracefully on SIGTERM/SIGINT (Docs/Jobs.md).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the job daemon (systemd Type=notify aware).",
        discussion: """
            Claims pending generation_jobs (woken by NOTIFY, polling as a fallback), runs up to \
            --concurrency at once, and keeps their leases with heartbeats; every daemon also reaps \
            jobs whose worker died. SIGTERM or SIGINT: stop claiming, let running batches commit \
            (soft timeout), release the jobs to other daemons, exit 0. A second signal abandons \
            the uncommitted batches at once. Exit 78 when the schema is not current (run \
            `content-factory migrate`, or pass --migrate).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var queue: QueueOptions

    @Flag(name: .customLong("once"), help: "Run until no job is claimable, then exit 0.")
    var once = false

    @Flag(name: .customLong("migrate"), help: "Apply pending migrations at start instead of exiting 78.")
    var migrate = false

    func run() async throws {
        let daemon = try global.configuration(daemonFlags: queue.flagValues)
        let logger = global.makeLogger(label: "content-factory.run", level: daemon.logLevel)
        var settings = daemon.queue
        settings.exitWhenIdle = once
        let configuration: PostgresConfiguration
        do {
            configuration = try PostgresConfiguration(daemon.databaseURL ?? "")
        } catch let error as PostgresError {
            throw CommandFailure("invalid database URL: \(error.message)", status: .configuration)
        }
        let endpoint = DatabaseEndpoint(configuration: configuration)
        let maintenance = try await Self.connect(endpoint, role: "maintenance", logger: logger)
        do {
            try await checkSchema(on: maintenance, logger: logger)
            try await runServices(settings: settings, http: daemon.http, endpoint: endpoint, maintenance: maintenance,
                                  logger: logger)
        } catch {
            await maintenance.close()
            throw error
        }
        await maintenance.close()
    }

    private func checkSchema(on connection: PostgresConnection, logger: Logger) async throws {
        let migrator = SchemaMigrator(logger: logger)
        do {
            if migrate {
                let report = try await migrator.migrate(on: connection)
                if !report.applied.isEmpty {
                    logger.notice("applied migrations", metadata: ["versions": "\(report.applied)"])
                }
            } else if !(try await migrator.isCurrent(on: connection)) {
                let pending = try await migrator.pendingMigrations(on: connection).map(\.version)
                throw CommandFailure(
                    "the database schema is not current (missing migrations \(pending.map(String.init).joined(separator: ", ")) of \(migrator.latestVersion)): run `content-factory migrate`, or start with `run --migrate`",
                    status: .configuration)
            }
        } catch let error as PostgresError {
            throw CommandFailure("cannot check the schema: \(error)")
        }
    }

    private func runServices(settings: QueueSettings, http: ListenAddress?, endpoint: DatabaseEndpoint,
                             maintenance: PostgresConnection, logger: Logger) async throws {
        var settings = settings
        let worker = WorkerIdentity.current()
        let notifier = SystemdNotifier()
        let running = RunningJobs()
        let statistics = WorkerStatistics()
        let liveness = WorkerLiveness(slots: settings.concurrency)
        let doorbells = (0..<settings.concurrency).map { _ in Doorbell() }
        let store = JobStore(worker: worker)

        // LISTEN is up before READY=1 (the notifier service sends it first thing).
        var listener: NotificationListenerService?
        if settings.listens {
            let connection: PostgresConnection
            let notificationsArrive: Bool
            do {
                connection = try await NotificationListenerService.listeningConnection(endpoint, logger: logger)
                notificationsArrive = try await NotificationListenerService.probe(
                    connection, endpoint: endpoint, timeout: Self.listenProbeTimeout, logger: logger)
            } catch let error as PostgresError {
                throw CommandFailure("cannot LISTEN: \(error)")
            }
            if notificationsArrive {
                listener = NotificationListenerService(
                    connection: connection, endpoint: endpoint, doorbells: doorbells,
                    healthInterval: settings.listenHealthInterval, retryInterval: min(settings.pollInterval, .seconds(5)),
                    probeTimeout: Self.listenProbeTimeout, logger: logger)
            } else {
                // PgBouncer in transaction mode (or any proxy that pools per transaction): LISTEN runs,
                // but its session is not ours to keep. Polling is what works there.
                logger.warning("LISTEN/NOTIFY does not work through this connection (a transaction-pooling proxy such as PgBouncer?); polling instead",
                               metadata: ["poll_seconds": "\(settings.pollInterval.seconds)"])
                await connection.close()
                settings.listens = false
                // Nor would a prepared statement outlive its transaction's server session.
                StatementPreparation.disable()
            }
        }
        let workerService = WorkerService(
            WorkerService.Dependencies(
                endpoint: endpoint, settings: settings, worker: worker, generator: GeneratorFactory.makeGenerator(),
                running: running, statistics: statistics, liveness: liveness, doorbells: doorbells,
                version: ContentFactoryInfo.version,
                onStopping: { notifier.stopping(status: "stopping: releasing jobs at their next batch boundary; \(statistics.snapshot)") }),
            logger: logger)
        let presence = WorkerPresence(worker: worker, version: ContentFactoryInfo.version,
                                      concurrency: settings.concurrency, lease: settings.lease)
        let heartbeat = HeartbeatService(connection: maintenance, store: store, running: running, liveness: liveness,
                                         settings: settings, presence: presence, logger: logger)
        let reaper = ReaperService(
            connection: maintenance,
            reaper: JobReaper(lease: settings.lease, backoff: RetryBackoff(baseDelay: settings.retryBaseDelay, maxDelay: settings.retryMaxDelay)),
            interval: settings.reaperInterval, logger: logger)
        let systemd = SystemdNotifierService(notifier: notifier, statistics: statistics, liveness: liveness,
                                             settings: settings, worker: worker, logger: logger)

        // Graceful shutdown runs in reverse order: the worker first (its jobs still heartbeat while
        // their last batches commit), then the listener, reaper and heartbeat.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: systemd, successTerminationBehavior: .ignore),
            .init(service: heartbeat, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: reaper, failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        // Started before the worker, so stopped after it: /healthz and the page answer during shutdown.
        var monitor: PostgresConnection?
        if let http {
            let connection = try await Self.connect(endpoint, role: "monitor", logger: logger)
            monitor = connection
            for service in try Self.monitoringServices(http, settings: settings, liveness: liveness, worker: worker,
                                                       connection: connection, logger: logger) {
                services.append(.init(service: service, failureTerminationBehavior: .gracefullyShutdownGroup))
            }
        }
        defer { if let monitor { Task { await monitor.close() } } }
        if let listener {
            // It ends by itself when notifications stop arriving after a reconnect: polling goes on.
            services.append(.init(service: listener, successTerminationBehavior: .ignore,
                                  failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        services.append(.init(service: workerService, successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup))
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // A backstop only: the worker abandons batches itself at the soft timeout, then releases.
        configuration.maximumGracefulShutdownDuration = settings.softShutdownTimeout + .seconds(30)
        let group = ServiceGroup(configuration: configuration)

        // ServiceGroup ignores a second signal during graceful shutdown; a second signal must abandon
        // the uncommitted batches at once (Docs/Jobs.md#shutdown-and-crashes).
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let secondSignal = Task {
            var seen = 0
            for await signal in signals {
                seen += 1
                if seen >= 2 {
                    logger.warning("second signal: abandoning uncommitted batches", metadata: ["signal": "\(signal)"])
                    workerService.abandonRunningBatches()
                }
            }
        }
        defer { secondSignal.cancel() }
        do {
            try await group.run()
        } catch {
            throw CommandFailure("daemon failed: \(error)")
        }
    }

    /// `/metrics`, `/healthz` and the status page on `address`, and the queue gauge sampler; bootstraps
    /// Prometheus.
    static func monitoringServices(_ address: ListenAddress, settings: QueueSettings, liveness: WorkerLiveness,
                                   worker: WorkerIdentity, connection: PostgresConnection,
                                   logger: Logger) throws -> [any Service] {
        let registry = MetricsBootstrap.prometheus()
        let handlers = OperationsHTTPService.Handlers(
            metrics: { registry.emitToString() },
            isAlive: { liveness.isAlive(settings: settings) },
            snapshot: { try await StatusSnapshot.load(on: connection) })
        let http: OperationsHTTPService
        do {
            http = try OperationsHTTPService(address: address, handlers: handlers, page: StatusPage(worker: worker.id), logger: logger)
        } catch {
            throw CommandFailure("http: cannot listen on \(address): \(error)", status: .configuration)
        }
        return [QueueGaugeSampler(connection: connection, logger: logger), http]
    }

    /// How long the start-up probe waits for its own NOTIFY before concluding LISTEN cannot work.
    // Generous: on a loaded machine (the whole test suite on 2 cores) a late token would mean polling only.
    static let listenProbeTimeout: Duration = .seconds(5)

    /// Connects for `role`, mapping failures to the documented exit statuses.
    static func connect(_ endpoint: DatabaseEndpoint, role: String, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await endpoint.connect(role: role, logger: logger)
        } catch let error as PostgresError {
            let status: ExitStatus = DatabaseConnector.isConfigurationProblem(error) ? .configuration : .failure
            throw CommandFailure("cannot connect to \(endpoint.configuration.redactedDescription): \(error.message)", status: status)
        }
    }
}
