import ContentFactoryOperations
import Metrics
import Prometheus
import Synchronization

/// The process-wide swift-metrics bootstrap (with logging, the only singletons the style guide
/// allows): Prometheus, when the daemon serves `/metrics`.
enum MetricsBootstrap {
    private static let registry = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Bootstraps once and returns the registry `/metrics` renders; later calls return the same one.
    static func prometheus() -> PrometheusCollectorRegistry {
        registry.withLock { existing in
            if let existing { return existing }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusExport.makeFactory(registry: created))
            PrometheusExport.registerFamilies()
            existing = created
            return created
        }
    }
}
