// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "content-factory",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "content-factory", targets: ["content-factory"]),
        .library(name: "Spintax", targets: ["Spintax"]),
        .library(name: "PostgresClient", targets: ["PostgresClient"]),
        .library(name: "ContentFactory", targets: ["ContentFactory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // Default trait only (JSON): no Yams, no reloading, no SwiftNIO.
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "PostgresClient",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Spintax"),
        .target(
            name: "ContentFactory",
            dependencies: [
                "PostgresClient",
                "Spintax",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ContentFactoryOperations",
            dependencies: [
                "ContentFactory",
                "PostgresClient",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "content-factory",
            dependencies: [
                "ContentFactory",
                "ContentFactoryOperations",
                "PostgresClient",
                "Spintax",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "SpintaxTests",
            dependencies: ["Spintax"],
            resources: [.copy("Fixtures")]
        ),
        .target(
            name: "PostgresTestSupport",
            dependencies: ["PostgresClient"],
            path: "Tests/PostgresTestSupport"
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: ["PostgresClient", "PostgresTestSupport"]
        ),
        .testTarget(
            name: "ContentFactoryTests",
            dependencies: ["ContentFactory", "PostgresClient", "PostgresTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ContentFactoryOperationsTests",
            dependencies: ["ContentFactoryOperations", "ContentFactory", "PostgresClient", "PostgresTestSupport"]
        ),
        .testTarget(
            name: "ContentFactoryCLITests",
            dependencies: ["content-factory", "PostgresTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
