import Foundation
import Logging
import ServiceLifecycle
import Trader

/// Builds and runs a live run from a ``LiveRunRequest``: the venue's session (or the paper broker
/// with replayed or synthetic bars), the strategy, the schedule and the tracking, then
/// ``LiveLauncher``. `live`, `publish`, the benchmarks and the tests all start runs here.
public enum LiveRunBuilder {
    /// Runs the request's strategy live with `observers` on its kernel and `services` beside it.
    /// `settingsChecked`: the caller already read (and announced) the settings.
    public static func run(
        _ request: LiveRunRequest, settingsChecked: Bool = false, services: [any Service] = [],
        observers: @escaping LiveLauncher.Observers = { _, _, _ in [] }, note: @escaping Note
    ) async throws {
        guard request.speed >= 0, request.speed.isFinite else { throw AppError(.usage, "--speed must be 0 or more") }
        if request.venue != .paper {
            try await runOnVenue(request, settingsChecked: settingsChecked, services: services, observers: observers, note: note)
            return
        }
        guard !request.feeds.isEmpty else {
            throw AppError(
                .usage, "give a market data feed: --feed replay:FILE or --feed synthetic:SEED (a venue's feed comes with its broker)")
        }
        let schedule = try RebalanceSchedule(parsing: request.frequency)
        let settings = try request.loadSettings(quiet: settingsChecked, note: note)
        if request.feeds.count == 1, case .synthetic(let seed) = request.feeds[0] {
            let instrument = try Instrument(
                symbol: "SYN/USD", tickSize: Price(raw: 1_000_000, precision: 2), lotSize: Quantity(raw: 1_000_000, precision: 2))
            let strategy = try request.market.makeStrategy(instruments: 1)
            let synthetic = SyntheticFeed(seed: seed, start: Int64(Date().timeIntervalSince1970 * 1000), speed: request.speed)
            var configuration = LiveRunConfiguration(
                name: request.runName, broker: request.venue.rawValue, home: request.homePath, schedule: schedule,
                instruments: [instrument], cash: try request.market.startingCash(), paper: request.market.paper(),
                barMilliseconds: synthetic.barMilliseconds)
            let extra = try limitsAndTracking(&configuration, request, settings)
            try await LiveLauncher.run(
                strategy, feed: synthetic, configuration: configuration, broker: PaperBroker.forLiveRun, services: services + extra,
                observers: observers, note: note)
            return
        }
        let files = try request.feeds.map { feed -> String in
            guard case .replay(let file) = feed else {
                throw AppError(.usage, "--feed \(feed): with the paper broker use replay:FILE (repeatable) or synthetic:SEED (alone)")
            }
            return file
        }
        let (series, instruments) = try request.market.load(files)
        let bars = series.count == 1 ? series[0] : Backtest.merge(series)
        let strategy = try request.market.makeStrategy(instruments: instruments.count)
        let replay = ReplayFeed(bars: bars, speed: request.speed)
        var configuration = LiveRunConfiguration(
            name: request.runName, broker: request.venue.rawValue, home: request.homePath, schedule: schedule, instruments: instruments,
            cash: try request.market.startingCash(), paper: request.market.paper(), barMilliseconds: replay.barMilliseconds)
        let extra = try limitsAndTracking(&configuration, request, settings)
        try await LiveLauncher.run(
            strategy, feed: replay, configuration: configuration, broker: PaperBroker.forLiveRun, services: services + extra,
            observers: observers, note: note)
    }

    /// Runs on a venue: its instruments, its candles as the feed, its account as the broker.
    static func runOnVenue(
        _ request: LiveRunRequest, settingsChecked: Bool, services: [any Service], observers: @escaping LiveLauncher.Observers,
        note: @escaping Note
    ) async throws {
        let venue = request.venue
        let minutes: Int
        switch request.feeds.first {
        case nil: minutes = 1
        case .venue(let name, let length)? where name == venue && request.feeds.count == 1: minutes = length
        default:
            throw AppError(
                .usage,
                "with --broker \(venue) the market data is the venue's own: --feed \(venue):MINUTES (1, 5, 15, 30, 60, 240, 1440…), "
                    + "or no --feed for 1-minute candles")
        }
        try VenueRegistry.checkCandles(venue, minutes: minutes)
        let settings = try request.loadSettings(quiet: settingsChecked, note: note)
        guard let session = try await VenueRegistry.connect(
            venue, settings: settings, home: request.homePath, symbols: request.market.symbols)
        else { throw AppError(.usage, "\(venue) is not a venue with an account") }
        try await run(request, on: session, minutes: minutes, settings: settings, services: services, observers: observers, note: note)
    }

    /// The session's concrete broker type, opened from the existential.
    static func run<Session: VenueSession>(
        _ request: LiveRunRequest, on session: Session, minutes: Int, settings: Settings, services: [any Service],
        observers: @escaping LiveLauncher.Observers, note: @escaping Note
    ) async throws {
        let bars = try session.bars(minutes: minutes)
        let strategy = try request.market.makeStrategy(instruments: session.instruments.count)
        var configuration = LiveRunConfiguration(
            name: request.runName, broker: request.venue.rawValue, home: request.homePath,
            schedule: try RebalanceSchedule(parsing: request.frequency), instruments: session.instruments,
            cash: try await session.startingCash(), paper: request.market.paper(), barMilliseconds: bars.barMilliseconds)
        let extra = try limitsAndTracking(&configuration, request, settings)
        note("trading \(session.instruments.map(\.symbol).joined(separator: ", ")) on \(session.summary), \(bars.summary)")
        try await LiveLauncher.run(
            strategy, feed: bars.feed, configuration: configuration, broker: session.makeBroker, services: services + extra,
            observers: observers, note: note)
    }

    /// The owner's risk limits, the shadow and the alerts on `configuration`; the services they need.
    static func limitsAndTracking(
        _ configuration: inout LiveRunConfiguration, _ request: LiveRunRequest, _ settings: Settings
    ) throws -> [any Service] {
        configuration.risk = settings.risk ?? RiskLimits()
        return try request.tracking.apply(to: &configuration, settings: settings, signalChats: request.signalChats)
    }
}
