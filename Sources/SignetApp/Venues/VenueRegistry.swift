import Trader

/// Every venue: its name, and how a run connects to it. Adding a venue is a folder under
/// `Sources/Venues/`, a case of ``VenueName``, an entry here, and a simulator in APISimulators
/// (docs/ARCHITECTURE.md, "Adding a venue").
public enum VenueRegistry {
    /// Connects to `venue` for a run trading `symbols`; nil for the paper broker, which needs no
    /// account (its instruments, cash and bars come from the run's own options).
    public static func connect(
        _ venue: VenueName, settings: Settings, home: String, symbols: [String]
    ) async throws -> (any VenueSession)? {
        switch venue {
        case .paper: nil
        case .kraken: try await KrakenSession(access: KrakenAccess.open(settings: settings, home: home, symbols: symbols))
        }
    }

    /// Checks a candle length before anything connects.
    public static func checkCandles(_ venue: VenueName, minutes: Int) throws {
        switch venue {
        case .paper: throw AppError(.usage, "the paper broker has no candles of its own: use --feed replay:FILE or synthetic:SEED")
        case .kraken: try KrakenSession.checkCandles(minutes: minutes)
        }
    }
}
