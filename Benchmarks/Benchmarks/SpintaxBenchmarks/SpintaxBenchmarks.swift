import Benchmark
import BenchSupport
import Spintax

// The detailed view of the Spintax engine (issue 4): wall clock, throughput, instructions and
// malloc counts per operation. `ArticleRender` carries a static threshold of 0 mallocs
// (Thresholds/), checked by `swift package benchmark thresholds check`, which
// scripts/bench-spintax --full runs.
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

    // One iteration = 60 renders, one per binding; counts and malloc figures are per render
    // (scalingFactor), so a non-zero mallocCountTotal means allocations in steady state.
    Benchmark(
        "ArticleRender",
        configuration: .init(
            metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .mallocBytesCount],
            warmupIterations: 10,
            scalingFactor: .one,
            thresholds: [.mallocCountTotal: .init(absolute: [.p0: 0, .p50: 0, .p90: 0, .p100: 0])]
        )
    ) { benchmark in
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
