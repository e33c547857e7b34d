import ArgumentParser
import ContentFactory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The daemon's timing and capacity flags. Each falls back to an environment variable (so a systemd
/// EnvironmentFile or a test can set it), then to queue.md's default. Seconds may have decimals.
struct QueueOptions: ParsableArguments {
    @Option(name: .customLong("concurrency"), help: "Jobs run at once. Env CF_CONCURRENCY; default 2.")
    var concurrency: Int?

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

    /// The settings from flags, environment and defaults.
    ///
    /// - Throws: `CommandFailure` with status 78 for a malformed or inconsistent value.
    func settings(exitWhenIdle: Bool) throws -> QueueSettings {
        var settings = QueueSettings()
        settings.exitWhenIdle = exitWhenIdle
        if let value = try integer(concurrency, "CF_CONCURRENCY", flag: "--concurrency") { settings.concurrency = value }
        func seconds(_ flag: Double?, _ variable: String, _ name: String, _ keyPath: WritableKeyPath<QueueSettings, Duration>) throws {
            let value: Double?
            if let flag {
                value = flag
            } else if let text = Self.environment(variable) {
                guard let parsed = Double(text) else {
                    throw CommandFailure("\(variable)=\(text) is not a number of seconds", status: .configuration)
                }
                value = parsed
            } else {
                value = nil
            }
            guard let value else { return }
            guard let duration = Duration.seconds(exactly: value) else {
                throw CommandFailure("\(name) must be a finite number of seconds", status: .configuration)
            }
            settings[keyPath: keyPath] = duration
        }
        try seconds(leaseSeconds, "CF_LEASE_SECONDS", "--lease-seconds", \.lease)
        try seconds(heartbeatSeconds, "CF_HEARTBEAT_SECONDS", "--heartbeat-seconds", \.heartbeatInterval)
        try seconds(reaperSeconds, "CF_REAPER_SECONDS", "--reaper-seconds", \.reaperInterval)
        try seconds(pollSeconds, "CF_POLL_SECONDS", "--poll-seconds", \.pollInterval)
        try seconds(listenHealthSeconds, "CF_LISTEN_HEALTH_SECONDS", "--listen-health-seconds", \.listenHealthInterval)
        try seconds(shutdownTimeoutSeconds, "CF_SHUTDOWN_TIMEOUT_SECONDS", "--shutdown-timeout-seconds", \.softShutdownTimeout)
        try seconds(batchCapSeconds, "CF_BATCH_CAP_SECONDS", "--batch-cap-seconds", \.batchTimeCap)
        try seconds(retryBaseSeconds, "CF_RETRY_BASE_SECONDS", "--retry-base-seconds", \.retryBaseDelay)
        try seconds(retryMaxSeconds, "CF_RETRY_MAX_SECONDS", "--retry-max-seconds", \.retryMaxDelay)
        if noListen {
            settings.listens = false
        } else if let text = Self.environment("CF_LISTEN") {
            switch text.lowercased() {
            case "0", "false", "no", "off": settings.listens = false
            case "1", "true", "yes", "on": settings.listens = true
            default: throw CommandFailure("CF_LISTEN=\(text): expected 1 or 0", status: .configuration)
            }
        }
        do {
            try settings.validate()
        } catch let error as QueueSettings.Invalid {
            throw CommandFailure(error.description, status: .configuration)
        }
        return settings
    }

    private func integer(_ flag: Int?, _ variable: String, flag name: String) throws -> Int? {
        if let flag { return flag }
        guard let text = Self.environment(variable) else { return nil }
        guard let value = Int(text) else {
            throw CommandFailure("\(variable)=\(text) is not an integer", status: .configuration)
        }
        return value
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name).map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return value
    }
}
