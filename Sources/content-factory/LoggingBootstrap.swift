import Logging
import Synchronization

/// The process-wide swift-log bootstrap: the one singleton the style guide allows.
enum LoggingBootstrap {
    private static let bootstrapped = Atomic<Bool>(false)

    /// Installs a stderr handler at `level`; later calls are ignored (swift-log allows one bootstrap).
    static func bootstrapOnce(level: Logger.Level) {
        guard bootstrapped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
