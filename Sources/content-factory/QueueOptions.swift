import ArgumentParser
import ContentFactoryOperations

/// The daemon's flags. Each overrides its environment variable (a systemd EnvironmentFile or a test
/// sets those), which overrides the configuration file, which overrides the default
/// (`ConfigurationLoader`). Seconds may have decimals.
struct QueueOptions: ParsableArguments {
    @Option(name: .customLong("concurrency"), help: "Jobs run at once. Env CF_CONCURRENCY; default 2.")
    var concurrency: Int?

    @Option(name: .customLong("companions"), help: "One-batch jobs of the same site and filters claimed with a one-batch job and committed with it in one transaction; 0 claims one job at a time. Env CF_COMPANIONS; default 127.")
    var companions: Int?

    @Option(name: .customLong("lease-seconds"), help: "Lease: a silent job is taken back after this. Env CF_LEASE_SECONDS; default 30.")
    var leaseSeconds: Double?

    @Option(name: .customLong("heartbeat-seconds"), help: "Heartbeat interval. Env CF_HEARTBEAT_SECONDS; default 5.")
    var heartbeatSeconds: Double?

    @Option(name: .customLong("reaper-seconds"), help: "Reaper interval. Env CF_REAPER_SECONDS; default 10.")
    var reaperSeconds: Double?

    @Option(name: .customLong("poll-seconds"), help: "Claim poll interval when no NOTIFY arrives. Env CF_POLL_SECONDS; default 5.")
    var pollSeconds: Double?

    @Option(name: .customLong("listen-health-seconds"), help: "LISTEN connection check interval. Env CF_LISTEN_HEALTH_SECONDS; default 30.")
    var listenHealthSeconds: Double?

    @Option(name: .customLong("shutdown-timeout-seconds"), help: "Soft shutdown timeout: SIGTERM waits this long for running batches. Env CF_SHUTDOWN_TIMEOUT_SECONDS; default 60.")
    var shutdownTimeoutSeconds: Double?

    @Option(name: .customLong("batch-cap-seconds"), help: "A batch running longer stops heartbeating. Env CF_BATCH_CAP_SECONDS; default 600.")
    var batchCapSeconds: Double?

    @Option(name: .customLong("retry-base-seconds"), help: "First retry delay after a transient error (doubles per attempt). Env CF_RETRY_BASE_SECONDS; default 30.")
    var retryBaseSeconds: Double?

    @Option(name: .customLong("retry-max-seconds"), help: "Largest retry delay. Env CF_RETRY_MAX_SECONDS; default 1800.")
    var retryMaxSeconds: Double?

    @Flag(name: .customLong("no-listen"), help: "Do not LISTEN; poll only (for transaction-pooling proxies). Env CF_LISTEN=0.")
    var noListen = false

    @Option(name: .customLong("http"), help: ArgumentHelp("Serve /metrics, /healthz and the status page on ADDRESS:PORT (e.g. 127.0.0.1:9400). Env CF_HTTP; default off.", valueName: "address:port"))
    var http: String?

    /// The flags given, keyed by setting, for `ConfigurationLoader` (flags override the file and the
    /// environment).
    var flagValues: [Setting: ConfigurationLoader.FlagValue] {
        var values: [Setting: ConfigurationLoader.FlagValue] = [:]
        if let concurrency { values[.concurrency] = .integer(concurrency) }
        if let companions { values[.companions] = .integer(companions) }
        let seconds: [(Double?, Setting)] = [
            (leaseSeconds, .leaseSeconds), (heartbeatSeconds, .heartbeatSeconds), (reaperSeconds, .reaperSeconds),
            (pollSeconds, .pollSeconds), (listenHealthSeconds, .listenHealthSeconds),
            (shutdownTimeoutSeconds, .shutdownTimeoutSeconds), (batchCapSeconds, .batchCapSeconds),
            (retryBaseSeconds, .retryBaseSeconds), (retryMaxSeconds, .retryMaxSeconds),
        ]
        for (value, setting) in seconds {
            if let value { values[setting] = .seconds(value) }
        }
        if noListen { values[.listen] = .boolean(false) }
        if let http { values[.http] = .text(http) }
        return values
    }
}
