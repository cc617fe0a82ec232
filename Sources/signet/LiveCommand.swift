import ArgumentParser
import Foundation
import KrakenVenue
import Logging
import Notifiers
import ServiceLifecycle
import SignetApp
import Trader
import UnixSignals

/// `signet live`: run a strategy live on the paper broker or Kraken, journaled under a name.
struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Run a strategy live: rebalance on a schedule, journal every order, resume by name.",
        discussion: """
            --freq: 1m 5m 15m 30m 1h 4h 1d rebalance at bar start times; a number of seconds (90, 0.5)
            rebalances at the first bar and then every that many seconds.
            The journal lives in $SIGNET_HOME/alphas/NAME/live_trading/BROKER/ (~/.signet by default):
            logs/, orders.csv, pos_pnl.csv, log.sqlite. Ctrl+C or SIGTERM stops cleanly, calling onExit;
            a second Ctrl+C exits at once.
            """)

    @OptionGroup var options: LiveOptions

    func run() async throws {
        try await options.launch()
    }
}

/// Everything `live`, `publish` and `mirror` share: strategy, market data, schedule, journal.
struct LiveOptions: ParsableArguments {
    @OptionGroup var market: MarketOptions
    @Option(help: "Broker: paper, or kraken (exchange_apis.Kraken in settings.yml; the feed is then Kraken's own).")
    var broker: String = "paper"
    @Option(help: "Rebalance frequency.")
    var freq: String = "1h"
    @Option(help: "Run name (journal folder; default: the strategy name).")
    var name: String?
    @Option(help: ArgumentHelp("Market data: replay:FILE (repeatable for several instruments), synthetic:SEED (1-minute random-walk bars of SYN/USD from now on), or with --broker kraken kraken:MINUTES (Kraken's candles; default kraken:1).", valueName: "feed"))
    var feed: [String] = []
    @Option(help: "Replay speed: 1 is real time, 60 is an hour a minute, 0 as fast as possible.")
    var speed: Double = 1
    @Option(help: "Journal home (default $SIGNET_HOME or ~/.signet).")
    var home: String?
    @Option(help: "Settings file (default HOME/settings.yml); checked before the run starts.")
    var settings: String?
    @OptionGroup var tracking: TrackingOptions

    /// Settings, as `--settings` or HOME/settings.yml give them (checked before anything starts).
    func loadSettings(quiet: Bool = false) throws -> Settings {
        let homePath = home ?? RunDirectory.defaultHome()
        let settingsPath = settings ?? "\(homePath)/settings.yml"
        let loaded = try Settings.load(path: settingsPath)
        if !quiet, FileManager.default.fileExists(atPath: settingsPath) { Console.note("settings: \(settingsPath) (\(loaded.summary))") }
        return loaded
    }

    /// The run's name and journal folder.
    func runDirectory() throws -> RunDirectory {
        try RunDirectory(home: home ?? RunDirectory.defaultHome(), name: name ?? market.strategy, broker: broker)
    }

    /// Runs the strategy live with `observers` on its kernel and `services` beside it.
    func launch(
        settingsChecked: Bool = false, services: [any Service] = [], observers: @escaping @Sendable (LiveRunConfiguration, RunDirectory, Logger) throws -> [any KernelObserver] = { _, _, _ in [] }
    ) async throws {
        guard broker == "paper" || broker == "kraken" else {
            throw ValidationError("unknown broker '\(broker)': use paper or kraken")
        }
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more") }
        if broker == "kraken" {
            try await launchOnKraken(settingsChecked: settingsChecked, services: services, observers: observers)
            return
        }
        guard !feed.isEmpty else {
            throw ValidationError("give a market data feed: --feed replay:FILE or --feed synthetic:SEED (the Kraken feed comes with the Kraken broker)")
        }
        let schedule = try RebalanceSchedule(parsing: freq)
        let homePath = home ?? RunDirectory.defaultHome()
        let loaded = try loadSettings(quiet: settingsChecked)
        let runName = name ?? market.strategy
        if feed.count == 1, feed[0].hasPrefix("synthetic:") {
            guard let seed = UInt64(feed[0].dropFirst("synthetic:".count)) else {
                throw ValidationError("--feed \(feed[0]): the seed must be a whole number, as in synthetic:42")
            }
            let instrument = try Instrument(symbol: "SYN/USD", tickSize: Price(raw: 1_000_000, precision: 2), lotSize: Quantity(raw: 1_000_000, precision: 2))
            let strategy = try StrategyRegistry.make(market.strategy, parameters: try market.strategyParameters(), instruments: 1)
            let synthetic = SyntheticFeed(seed: seed, start: Int64(Date().timeIntervalSince1970 * 1000), speed: speed)
            var configuration = LiveRunConfiguration(
                name: runName, broker: broker, home: homePath, schedule: schedule, instruments: [instrument], cash: try market.startingCash(),
                paper: market.paper(), barMilliseconds: synthetic.barMilliseconds)
            let extra = try tracking.apply(to: &configuration, settings: loaded)
            try await Self.run(strategy, feed: synthetic, configuration: configuration, services: services + extra, observers: observers)
            return
        }
        let files = try feed.map { source -> String in
            guard source.hasPrefix("replay:"), source.count > 7 else {
                throw ValidationError("unknown feed '\(source)': use replay:FILE (repeatable) or synthetic:SEED (alone)")
            }
            return String(source.dropFirst(7))
        }
        let (series, instruments) = try market.load(files)
        let bars = series.count == 1 ? series[0] : Backtest.merge(series)
        let strategy = try StrategyRegistry.make(market.strategy, parameters: try market.strategyParameters(), instruments: instruments.count)
        let replay = ReplayFeed(bars: bars, speed: speed)
        var configuration = LiveRunConfiguration(
            name: runName, broker: broker, home: homePath, schedule: schedule, instruments: instruments,
            cash: try market.startingCash(), paper: market.paper(), barMilliseconds: replay.barMilliseconds)
        let extra = try tracking.apply(to: &configuration, settings: loaded)
        try await Self.run(strategy, feed: replay, configuration: configuration, services: services + extra, observers: observers)
    }

    /// Runs on Kraken: its pairs as instruments, its candles as the feed, its account as the broker.
    func launchOnKraken(
        settingsChecked: Bool, services: [any Service], observers: @escaping @Sendable (LiveRunConfiguration, RunDirectory, Logger) throws -> [any KernelObserver]
    ) async throws {
        let source = feed.first ?? "kraken:1"
        guard feed.count <= 1, source == "kraken" || source.hasPrefix("kraken:"), let minutes = Int(source == "kraken" ? "1" : source.dropFirst("kraken:".count)) else {
            throw ValidationError("with --broker kraken the market data is Kraken's own: --feed kraken:MINUTES (1, 5, 15, 30, 60, 240, 1440…), or no --feed for 1-minute candles")
        }
        try KrakenBarFeed.check(intervalMinutes: minutes)
        let settings = try loadSettings(quiet: settingsChecked)
        let homePath = home ?? RunDirectory.defaultHome()
        let kraken = try await KrakenAccess.open(settings: settings, home: homePath, symbols: market.symbols)
        let bars = try kraken.feed(intervalMinutes: minutes)
        let strategy = try StrategyRegistry.make(market.strategy, parameters: try market.strategyParameters(), instruments: kraken.instruments.count)
        var configuration = LiveRunConfiguration(
            name: name ?? market.strategy, broker: broker, home: homePath, schedule: try RebalanceSchedule(parsing: freq), instruments: kraken.instruments,
            cash: try await kraken.quoteCash(), paper: market.paper(), barMilliseconds: bars.barMilliseconds)
        let extra = try tracking.apply(to: &configuration, settings: settings)
        Console.note("trading \(kraken.instruments.map(\.symbol).joined(separator: ", ")) on Kraken at \(kraken.api.apiURL ?? KrakenClient.defaultBaseURL), \(minutes)-minute candles")
        try await Self.run(strategy, feed: bars, configuration: configuration, broker: kraken.makeBroker, services: services + extra, observers: observers)
    }

    /// On the paper broker.
    static func run<S: Strategy & Sendable, Feed: AsyncSequence & Sendable>(
        _ strategy: S, feed: Feed, configuration: LiveRunConfiguration, services: [any Service],
        observers: @escaping @Sendable (LiveRunConfiguration, RunDirectory, Logger) throws -> [any KernelObserver]
    ) async throws where Feed.Element == Bar {
        try await runCore(strategy, feed: feed, configuration: configuration, shadowStrategy: nil, broker: PaperBroker.forLiveRun, services: services, observers: observers)
    }

    /// On `broker`.
    static func run<S: Strategy & Sendable, Feed: AsyncSequence & Sendable, B: LiveBroker>(
        _ strategy: S, feed: Feed, configuration: LiveRunConfiguration, broker: @escaping @Sendable (LiveRunConfiguration, Logger) throws -> B,
        services: [any Service], observers: @escaping @Sendable (LiveRunConfiguration, RunDirectory, Logger) throws -> [any KernelObserver]
    ) async throws where Feed.Element == Bar {
        try await runCore(strategy, feed: feed, configuration: configuration, shadowStrategy: nil, broker: broker, services: services, observers: observers)
    }

    /// The kernel specialised for the concrete strategy and broker; `shadowStrategy` replaces the
    /// copy of `strategy` a shadow would run (a mirror's reads its own board).
    static func runCore<S: Strategy & Sendable, Feed: AsyncSequence & Sendable, B: LiveBroker>(
        _ strategy: S, feed: Feed, configuration: LiveRunConfiguration, shadowStrategy: S?, broker: @escaping @Sendable (LiveRunConfiguration, Logger) throws -> B,
        services: [any Service], observers: @escaping @Sendable (LiveRunConfiguration, RunDirectory, Logger) throws -> [any KernelObserver]
    ) async throws where Feed.Element == Bar {
        var logger = Logger(label: "signet.live")
        logger.logLevel = .warning
        let runConfiguration = configuration
        var live = LiveRun(
            strategy: strategy, feed: feed, configuration: configuration, broker: broker, observers: { try observers(runConfiguration, $0, $1) },
            onOpen: { directory in
            Console.note("journal: \(directory.path)")
        })
        live.shadowStrategy = shadowStrategy
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    // Listed first so it is shut down last: it must still be listening while the run winds down.
                    .init(service: ForceQuitOnSecondInterrupt(logger: logger)),
                    // Services beside the run (the outbox sender) outlive it: listed before it, stopped after it.
                ] + services.map { .init(service: $0, failureTerminationBehavior: .gracefullyShutdownGroup) } + [
                    .init(service: live, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

/// The first Ctrl+C asks for a clean stop; a second one, while the run is stopping, exits at once.
struct ForceQuitOnSecondInterrupt: Service {
    let logger: Logger

    func run() async throws {
        var seen = 0
        for await _ in await UnixSignalsSequence(trapping: .sigint).cancelOnGracefulShutdown() {
            seen += 1
            if seen >= 2 {
                Console.note("second interrupt: exiting now without waiting for the run to finish")
                Foundation.exit(130)
            }
            Console.note("stopping: calling onExit and flushing the journal (Ctrl+C again to exit at once)")
        }
    }
}
