// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Signet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "signet", targets: ["signet"]),
        .library(name: "SignetCrypto", targets: ["SignetCrypto"]),
        .library(name: "Trader", targets: ["Trader"]),
        .library(name: "Notifiers", targets: ["Notifiers"]),
        .library(name: "SignalPublisher", targets: ["SignalPublisher"]),
        .library(name: "SignalSubscriber", targets: ["SignalSubscriber"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // 7.10.0 is the first GRDB release that links on Linux.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        // libcurl here has no WebSocket: Slack Socket Mode uses this client.
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
    ],
    targets: [
        // C libraries: module map and shim header only.
        .systemLibrary(
            name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),

        // `Crypto` would clash with swift-crypto's module: keep the folder, rename the target.
        .target(
            name: "SignetCrypto",
            dependencies: ["CSodium", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Crypto"),
        .target(
            name: "Trader",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Trader"),
        .target(
            name: "Notifiers",
            dependencies: [
                // SignetCrypto for libsodium's SHA-256 and HMAC-SHA-512 (exchange request signing).
                "Trader", "SignetCrypto", "CCurl", "CCairo",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Notifiers"),
        .target(
            name: "SignalPublisher",
            dependencies: [
                "SignetCrypto", "Notifiers", "Trader",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SignalPublisher"),
        .target(
            name: "SignalSubscriber",
            dependencies: [
                "SignetCrypto", "Notifiers", "Trader",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SignalSubscriber"),
        // Loopback Telegram, Slack and Kraken servers for tests, the demo and `signet simulate`.
        // No library module depends on it.
        .target(
            name: "APISimulators",
            dependencies: [
                // Trader for fixed-point prices and price paths, SignetCrypto to check Kraken's request signatures.
                "Trader", "SignetCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/APISimulators"),
        .executableTarget(
            name: "signet",
            dependencies: [
                "SignetCrypto",
                "Trader",
                "Notifiers",
                "SignalPublisher",
                "SignalSubscriber",
                "APISimulators",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/signet"),
        .executableTarget(
            name: "signet-bench",
            dependencies: [
                "SignetCrypto", "Trader", "SignalPublisher", "SignalSubscriber", "Notifiers", "APISimulators", "CSodium",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/signet-bench"),

        .testTarget(
            name: "SignetCryptoTests",
            dependencies: ["SignetCrypto"],
            path: "Tests/SignetCryptoTests"),
        .testTarget(
            name: "TraderTests",
            dependencies: ["Trader"],
            path: "Tests/TraderTests"),
        .testTarget(
            name: "NotifiersTests",
            dependencies: ["Notifiers", "APISimulators", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Tests/NotifiersTests"),
        .testTarget(
            name: "SignalPublisherTests",
            dependencies: ["SignalPublisher", "SignetCrypto", "Notifiers", "APISimulators", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Tests/SignalPublisherTests"),
        .testTarget(
            name: "SignalSubscriberTests",
            dependencies: ["SignalSubscriber", "SignalPublisher", "SignetCrypto", "Trader", "Notifiers", "APISimulators"],
            path: "Tests/SignalSubscriberTests"),
        .testTarget(
            name: "SignetCLITests",
            dependencies: ["SignetCrypto", "Trader", "SignalSubscriber"],
            path: "Tests/SignetCLITests"),
    ],
    swiftLanguageModes: [.v6]
)
