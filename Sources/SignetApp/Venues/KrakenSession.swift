import KrakenVenue
import Logging
import ServiceLifecycle
import Trader

/// A run's connection to a Kraken account: its pairs as instruments, its candles as bars, the
/// account as the broker.
struct KrakenSession: VenueSession {
    let access: KrakenAccess

    var instruments: [Instrument] { access.instruments }
    var summary: String { "Kraken at \(access.api.apiURL ?? KrakenClient.defaultBaseURL)" }

    func startingCash() async throws -> Money { try await access.quoteCash() }

    func bars(minutes: Int) throws -> VenueBars {
        let feed = try access.feed(intervalMinutes: minutes)
        return VenueBars(feed: feed, barMilliseconds: feed.barMilliseconds, summary: "\(minutes)-minute candles")
    }

    var makeBroker: @Sendable (LiveRunConfiguration, Logger) throws -> KrakenBroker { access.makeBroker }

    func quotes(into book: QuoteBook) -> any Service {
        KrakenQuotes(access: access, book: book)
    }

    static func checkCandles(minutes: Int) throws {
        try KrakenBarFeed.check(intervalMinutes: minutes)
    }
}
