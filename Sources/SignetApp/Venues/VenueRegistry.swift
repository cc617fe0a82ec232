import Trader

/// One venue, as a run uses it: how to connect, and which candle lengths it has.
public protocol VenueEntry: Sendable {
    var name: VenueName { get }
    /// What the venue is, in a few words.
    var summary: String { get }
    /// Connects for a run trading `symbols`. nil for a venue without an account (the paper broker:
    /// its instruments, cash and bars come from the run's own options, its broker is `PaperBroker`).
    func connect(settings: Settings, home: String, symbols: [String]) async throws -> (any VenueSession)?
    /// Checks a candle length before anything connects.
    func checkCandles(minutes: Int) throws
}

/// Every venue, by name. Adding a venue is a folder under `Sources/Venues/`, a case of
/// ``VenueName``, an entry here, and a simulator in APISimulators (docs/ARCHITECTURE.md,
/// "Adding a venue").
public enum VenueRegistry {
    static let entries: [VenueName: any VenueEntry] = [.paper: PaperVenue(), .kraken: KrakenVenueEntry()]

    /// The entry of `venue`.
    public static func entry(_ venue: VenueName) -> any VenueEntry {
        entries[venue] ?? PaperVenue()
    }

    /// Connects to `venue` for a run trading `symbols` (nil for the paper broker).
    public static func connect(
        _ venue: VenueName, settings: Settings, home: String, symbols: [String]
    ) async throws -> (any VenueSession)? {
        try await entry(venue).connect(settings: settings, home: home, symbols: symbols)
    }

    /// Checks a candle length of `venue` before anything connects.
    public static func checkCandles(_ venue: VenueName, minutes: Int) throws {
        try entry(venue).checkCandles(minutes: minutes)
    }
}

/// The built-in simulated broker: no account to connect to.
struct PaperVenue: VenueEntry {
    var name: VenueName { .paper }
    var summary: String { "the built-in simulated broker, filling against the run's own bars" }

    func connect(settings: Settings, home: String, symbols: [String]) async throws -> (any VenueSession)? { nil }

    func checkCandles(minutes: Int) throws {
        throw AppError(.usage, "the paper broker has no candles of its own: use --feed replay:FILE or synthetic:SEED")
    }
}

/// A Kraken spot account (`exchange_apis.Kraken`).
struct KrakenVenueEntry: VenueEntry {
    var name: VenueName { .kraken }
    var summary: String { "a Kraken spot account (exchange_apis.Kraken in settings.yml)" }

    func connect(settings: Settings, home: String, symbols: [String]) async throws -> (any VenueSession)? {
        KrakenSession(access: try await KrakenAccess.open(settings: settings, home: home, symbols: symbols))
    }

    func checkCandles(minutes: Int) throws {
        try KrakenSession.checkCandles(minutes: minutes)
    }
}
