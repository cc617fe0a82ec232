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
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // TCP streams for venues that speak sockets (IBKR's TWS API, the MetaTrader bridge).
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
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
        // HTTP on libcurl, pacing, retries, WebSocket reconnection, secrets: what every remote service's client shares.
        .target(
            name: "Transport",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Transport"),
        // The one signal payload schema both signal sides speak (docs/PROTOCOL.md section 11).
        .target(
            name: "SignalWire",
            dependencies: ["Trader"],
            path: "Sources/SignalWire"),
        .target(
            name: "Notifiers",
            dependencies: [
                "Trader", "Transport", "CCairo",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Notifiers"),
        // Venues: one target a venue under Sources/Venues (docs/ARCHITECTURE.md, "Adding a venue").
        .target(
            name: "KrakenVenue",
            dependencies: [
                // SignetCrypto for libsodium's SHA-256 and HMAC-SHA-512 (request signing).
                "Trader", "Transport", "SignetCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            path: "Sources/Venues/Kraken"),
        .target(
            name: "SignalPublisher",
            dependencies: [
                "SignalWire", "SignetCrypto", "Notifiers", "Trader", "Transport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SignalPublisher"),
        .target(
            name: "SignalSubscriber",
            dependencies: [
                "SignalWire", "SignetCrypto", "Notifiers", "Trader", "Transport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SignalSubscriber"),
        // The application: settings.yml as a whole, the venue registry, and the builders of runs that the CLI,
        // the benchmarks and the tests share.
        .target(
            name: "SignetApp",
            dependencies: [
                "SignetCrypto", "Trader", "Transport", "SignalWire", "Notifiers", "KrakenVenue", "SignalPublisher",
                "SignalSubscriber",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SignetApp"),
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
                "SignetApp", "SignetCrypto", "Trader", "Transport", "SignalWire", "Notifiers", "KrakenVenue", "SignalPublisher",
                "SignalSubscriber", "APISimulators",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/signet"),
        .executableTarget(
            name: "signet-bench",
            dependencies: [
                "SignetApp", "SignetCrypto", "Trader", "Transport", "SignalWire", "SignalPublisher", "SignalSubscriber", "Notifiers",
                "APISimulators", "CSodium",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/signet-bench"),

        // Helpers every test target shares: waits with deadlines, simulator fixtures.
        .target(
            name: "TestSupport",
            dependencies: ["Trader", "Transport", "APISimulators"],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "SignetCryptoTests",
            dependencies: ["SignetCrypto"],
            path: "Tests/SignetCryptoTests"),
        .testTarget(
            name: "TraderTests",
            dependencies: ["Trader", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TraderTests"),
        .testTarget(
            name: "TransportTests",
            dependencies: [
                "Transport", "TestSupport", "APISimulators",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/TransportTests"),
        .testTarget(
            name: "SignalWireTests",
            dependencies: ["SignalWire", "Trader", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/SignalWireTests"),
        .testTarget(
            name: "NotifiersTests",
            dependencies: [
                "Notifiers", "Transport", "TestSupport", "APISimulators",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/NotifiersTests"),
        .testTarget(
            name: "KrakenVenueTests",
            dependencies: [
                "KrakenVenue", "Trader", "Transport", "TestSupport", "APISimulators",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/KrakenVenueTests"),
        .testTarget(
            name: "SignalPublisherTests",
            dependencies: [
                "SignalPublisher", "SignalWire", "SignetCrypto", "Notifiers", "Transport", "TestSupport", "APISimulators",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/SignalPublisherTests"),
        .testTarget(
            name: "SignalSubscriberTests",
            dependencies: [
                "SignalSubscriber", "SignalPublisher", "SignalWire", "SignetCrypto", "Trader", "Notifiers", "Transport",
                "TestSupport", "APISimulators",
            ],
            path: "Tests/SignalSubscriberTests"),
        .testTarget(
            name: "SignetAppTests",
            dependencies: ["SignetApp", "Trader", "Transport", "Notifiers", "SignalSubscriber", "TestSupport"],
            path: "Tests/SignetAppTests"),
        .testTarget(
            name: "SignetCLITests",
            dependencies: ["SignetCrypto", "Trader", "SignalSubscriber", "SignalWire", "TestSupport"],
            path: "Tests/SignetCLITests"),
    ],
    swiftLanguageModes: [.v6]
)
