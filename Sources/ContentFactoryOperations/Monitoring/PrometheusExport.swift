import ContentFactory
import Metrics
import Prometheus

/// How the daemon's swift-metrics instruments become Prometheus families. The executable bootstraps
/// `MetricsSystem` with `makeFactory(registry:)` once, then calls `registerFamilies()` so that every
/// family is scraped from the start, at zero.
package enum PrometheusExport {
    /// A factory whose histograms have buckets that suit each measurement.
    package static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        let batch: [Duration] = [.milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                 .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
                                 .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300)]
        factory.durationHistogramBuckets[QueueMetrics.batchDuration] = batch
        factory.durationHistogramBuckets[QueueMetrics.renderDuration] = batch
        factory.durationHistogramBuckets[QueueMetrics.claimLatency] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(14_400),
        ]
        return factory
    }

    /// Creates every family through swift-metrics (after the bootstrap): counters at 0, empty
    /// histograms, and the queue gauge at 0 for each status.
    package static func registerFamilies() {
        for label in QueueMetrics.counters { Counter(label: label).increment(by: 0) }
        for label in QueueMetrics.histograms { _ = Metrics.Timer(label: label) }
        for status in QueueMetrics.queueStatuses {
            Gauge(label: QueueMetrics.queueJobs, dimensions: [("status", status)]).record(0)
        }
    }
}
