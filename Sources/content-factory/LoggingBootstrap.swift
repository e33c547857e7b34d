import Logging
import Synchronization

/// The process-wide swift-log bootstrap: the one singleton the style guide allows.
enum LoggingBootstrap {
    private static let bootstrapped = Atomic<Bool>(false)

    /// Installs a stderr handler at `level` (journal priority prefixes under systemd, plain lines
    /// elsewhere; see `ProcessLogHandler`); later calls are ignored (swift-log allows one bootstrap).
    static func bootstrapOnce(level: Logger.Level) {
        guard bootstrapped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        let format = ProcessLogHandler.detectFormat()
        LoggingSystem.bootstrap { label in
            ProcessLogHandler(label: label, format: format, logLevel: level)
        }
    }
}
