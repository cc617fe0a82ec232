import Logging
import ServiceLifecycle
import Trader

/// A venue account a run is connected to: what it trades, the cash it starts with, its own market
/// data and the broker that places orders on it. Made by ``VenueRegistry/connect(_:settings:home:symbols:)``.
public protocol VenueSession: Sendable {
    associatedtype Broker: LiveBroker
    /// The run's instruments as the venue describes them (tick, lot, minimum).
    var instruments: [Instrument] { get }
    /// Where the session trades, for the start-up line (`Kraken at https://api.kraken.com`).
    var summary: String { get }
    /// The cash of a run's first session: the account's balance of the first instrument's quote currency.
    func startingCash() async throws -> Money
    /// The venue's own completed bars of `minutes` (its candles).
    func bars(minutes: Int) throws -> VenueBars
    /// Makes the run's broker once its journal is open.
    var makeBroker: @Sendable (LiveRunConfiguration, Logger) throws -> Broker { get }
    /// A service that keeps `book` at the venue's last prices of the instruments (a mirror's own prices).
    func quotes(into book: QuoteBook) -> any Service
}

/// A venue's bar feed, with the length of its bars.
public struct VenueBars: Sendable {
    public var feed: any AsyncSequence<Bar, any Error> & Sendable
    public var barMilliseconds: Int64
    /// `1-minute candles`, for the start-up line.
    public var summary: String

    public init(feed: any AsyncSequence<Bar, any Error> & Sendable, barMilliseconds: Int64, summary: String) {
        self.feed = feed
        self.barMilliseconds = barMilliseconds
        self.summary = summary
    }
}
