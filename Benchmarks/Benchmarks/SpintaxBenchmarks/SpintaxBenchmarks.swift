import Benchmark
import BenchSupport
import Spintax

// The detailed view of the Spintax engine (issue 4): wall clock, throughput, instructions and
// malloc counts per operation. scripts/bench-spintax --full runs it, then checks ArticleRender's
// static threshold (Thresholds/) with `swift package benchmark thresholds check`.
//
// That check compares the unscaled count per sample. A sample renders 1,000 articles, and the
// harness itself allocates 16 times per sample (RenderFloor shows it), so the stored p90 is 16
// with a tolerance of 100: one allocation per render would add 1,000 and fail the check.
let benchmarks: @Sendable () -> Void = {
    let workload: Workload
    do {
        workload = try Workload(data: BenchmarkData())
    } catch {
        fatalError("SpintaxBenchmarks: \(error)")  // benchmark setup, not engine input
    }

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    // Each sample renders 1,000 articles (scalingFactor .kilo) into one reused buffer, so the
    // malloc figures are per render and the framework's own per-sample allocations (see
    // RenderFloor) are divided away. A non-zero mallocCountTotal means allocations in steady state.
    let renderConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .mallocBytesCount],
        warmupIterations: 2,
        scalingFactor: .kilo,
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 100])]
    )
    Benchmark("ArticleRender", configuration: renderConfiguration) { benchmark in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        _ = workload.renderArticles(first: 0, count: 60, buffer: &buffer)
        var index: UInt64 = 60
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(workload.renderArticles(first: index, count: 1, buffer: &buffer))
            index &+= 1
        }
    }

    // The same loop without the render: what the harness itself costs and allocates per sample.
    Benchmark("RenderFloor", configuration: renderConfiguration) { benchmark in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.removeAll(keepingCapacity: true)
            blackHole(buffer.count)
        }
    }

    Benchmark("HeadlineEnumerateAll", configuration: .init(maxIterations: 200)) { benchmark in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(512)
        for _ in benchmark.scaledIterations {
            blackHole(workload.enumerateHeadlines(buffer: &buffer))
        }
    }

    Benchmark("ArticleParse") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(workload.parseArticle())
        }
    }

    Benchmark("ArticleLintStrict") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(workload.lintArticle(mode: .strict))
        }
    }

    Benchmark("ArticleLintLenient") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(workload.lintArticle(mode: .lenient))
        }
    }
}
