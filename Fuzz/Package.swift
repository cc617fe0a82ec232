// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harnesses for Signet's parsers (docs/RELIABILITY.md, "Fuzzing"); scripts/fuzz.sh builds
// and runs them. A package of its own, so the main Package.swift stays as it is: it depends on the
// main package by path and builds into its own scratch path (.build-fuzz) with
// `-sanitize=fuzzer,address`, which instruments every module for coverage and address checks.
//
// Each harness is an executable whose main.swift hands its test function to libFuzzer's
// `LLVMFuzzerRunDriver` (FuzzSupport): SwiftPM links executables with `main` aliased to the
// module's own entry point, so the usual `@_cdecl("LLVMFuzzerTestOneInput")` with
// `-parse-as-library` does not link on Linux, while a main.swift that runs the driver does.
//
// SignetApp (settings.yml) and KrakenVenue (which SignetApp imports) are not library products of
// the main package, so they are built here from the same sources, through the symlinks
// Sources/FuzzSignetApp and Sources/FuzzKrakenVenue. Their targets cannot keep their names (the
// main package's `signet` executable holds targets of those names, and target names are unique
// across a package graph), so FuzzSignetApp reads `import KrakenVenue` as FuzzKrakenVenue through
// swiftc's `-module-alias`. Their dependencies below mirror ../Package.swift and must follow it
// when it changes. SignalWire and Transport come with the SignalSubscriber and Notifiers products.

/// The path dependency's identity: its folder's name (`main`, `signet`, …), whatever the clone is called.
let signet = Context.packageDirectory.split(separator: "/").dropLast().last.map { $0.lowercased() } ?? "signet"

func harness(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"] + dependencies, path: "Harnesses/\(name)")
}

let package = Package(
    name: "SignetFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.0"),
    ],
    targets: [
        // The libFuzzer driver, property checks, and the fixed key set of docs/PROTOCOL.md section 10.
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "SignetCrypto", package: signet)]),
        // The subscriber's fixed world (markets, book, policies, limits) and the mirror and risk gate checks.
        .target(
            name: "FuzzTrading",
            dependencies: [
                "FuzzSupport", .product(name: "Trader", package: signet), .product(name: "SignalSubscriber", package: signet),
            ]),
        // Symlinks to ../Sources/Venues/Kraken and ../Sources/SignetApp (see above).
        .target(
            name: "FuzzKrakenVenue",
            dependencies: [
                .product(name: "Trader", package: signet), .product(name: "SignetCrypto", package: signet),
                .product(name: "Notifiers", package: signet),  // brings Transport
                .product(name: "Logging", package: "swift-log"),
                .product(name: "WSClient", package: "swift-websocket"),
            ]),
        .target(
            name: "FuzzSignetApp",
            dependencies: [
                "FuzzKrakenVenue",
                .product(name: "SignetCrypto", package: signet), .product(name: "Trader", package: signet),
                .product(name: "Notifiers", package: signet), .product(name: "SignalPublisher", package: signet),
                .product(name: "SignalSubscriber", package: signet),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.unsafeFlags(["-module-alias", "KrakenVenue=FuzzKrakenVenue"])]),

        harness("envelope", [.product(name: "SignetCrypto", package: signet)]),
        harness("lines", [.product(name: "SignetCrypto", package: signet)]),
        harness("signed-text", [.product(name: "SignetCrypto", package: signet)]),
        harness("payload", ["FuzzTrading", .product(name: "SignalSubscriber", package: signet)]),
        harness("settings", ["FuzzSignetApp", "FuzzTrading"]),
    ],
    swiftLanguageModes: [.v6]
)
