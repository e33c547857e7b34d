// swift-tools-version: 6.1
// Benchmarks for the Spintax engine. A nested package so the root `swift build` / `swift test`
// never builds it (nor resolves ordo-one/benchmark). Run it through scripts/bench-spintax.
import PackageDescription

// A path dependency's identity is the last component of its directory, which is the checkout's
// name (main, a worktree, a CI clone), not the root manifest's `name`; derive it so
// `.product(package:)` resolves wherever the repository is checked out.
let rootIdentity = "\(#filePath)".split(separator: "/").dropLast(2).last.map { $0.lowercased() } ?? "content-factory"

let package = Package(
    name: "SpintaxBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        // Already in the graph through ordo-one/benchmark; used directly by spintax-bench-allocs.
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.5.0"),
    ],
    targets: [
        // Workload shared by every runner: loads Data/, parses, resolves bindings, and exposes the
        // measured operations so the quick runner and the ordo-one suite measure the same code.
        .target(
            name: "BenchSupport",
            dependencies: [.product(name: "Spintax", package: rootIdentity)]
        ),
        // Quick figures: ContinuousClock, best of N runs, one thread.
        .executableTarget(
            name: "spintax-bench",
            dependencies: ["BenchSupport", .product(name: "Spintax", package: rootIdentity)]
        ),
        // Allocation counts, in a process of its own so the interposer's bookkeeping never
        // touches the timed runs.
        .executableTarget(
            name: "spintax-bench-allocs",
            dependencies: [
                "BenchSupport",
                .product(name: "Spintax", package: rootIdentity),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
        // The detailed, malloc-checked view: `swift package benchmark` (scripts/bench-spintax --full).
        .executableTarget(
            name: "SpintaxBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Spintax", package: rootIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SpintaxBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
