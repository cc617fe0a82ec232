import Synchronization

/// The last price a venue quoted for each of a run's instruments (by index), kept by the venue's
/// quote stream and read by the engine's feed: a mirror on a venue marks, sizes and checks risk
/// with these, never with the publisher's numbers.
public final class QuoteBook: Sendable {
    private let prices: Mutex<[Int: Price]>

    public init() { prices = Mutex([:]) }

    /// Records the venue's last price of `instrument` (a non-positive price is ignored).
    public func update(instrument: Int, price: Price) {
        guard price.raw > 0 else { return }
        prices.withLock { $0[instrument] = price }
    }

    /// The venue's last price of `instrument`, if it quoted one.
    public func price(_ instrument: Int) -> Price? { prices.withLock { $0[instrument] } }
}

/// Bars of an upstream feed (the decision points a mirror's signals make) with their prices
/// replaced by the venue's own quotes; a bar of an instrument the venue has not quoted yet is
/// held back (the decision waits for the next bar with a quote).
public struct OwnPriceFeed<Upstream: AsyncSequence & Sendable>: AsyncSequence, Sendable where Upstream.Element == Bar {
    public typealias Element = Bar
    let upstream: Upstream
    let quotes: QuoteBook

    public init(_ upstream: Upstream, quotes: QuoteBook) {
        self.upstream = upstream
        self.quotes = quotes
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: Upstream.AsyncIterator
        let quotes: QuoteBook

        public mutating func next() async throws -> Bar? {
            while let bar = try await upstream.next() {
                guard let price = quotes.price(bar.instrument) else { continue }
                return Bar(
                    instrument: bar.instrument, time: bar.time, open: price, high: price, low: price, close: price, volume: bar.volume)
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(upstream: upstream.makeAsyncIterator(), quotes: quotes) }
}
