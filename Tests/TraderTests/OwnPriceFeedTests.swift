import Testing
@testable import Trader

@Suite("A mirror's own prices")
struct OwnPriceFeedTests {
    @Test func barsTakeTheVenuesPriceAndWaitForItsFirstQuote() async throws {
        let quotes = QuoteBook()
        quotes.update(instrument: 1, price: p("250"))
        // Instrument 0 has no quote yet: its bar is held back; instrument 1's takes the venue's price.
        let upstream = AsyncStream<Bar> { continuation in
            continuation.yield(flat(1, "100", instrument: 0))
            continuation.yield(flat(2, "100", instrument: 1))
            continuation.finish()
        }
        var seen: [Bar] = []
        for try await bar in OwnPriceFeed(upstream, quotes: quotes) { seen.append(bar) }
        #expect(seen.map(\.time) == [2])
        #expect(seen.first?.close == p("250") && seen.first?.open == p("250"))
    }

    @Test func aNonPositiveQuoteIsIgnored() {
        let quotes = QuoteBook()
        quotes.update(instrument: 0, price: p("10"))
        quotes.update(instrument: 0, price: Price(raw: 0))
        #expect(quotes.price(0) == p("10"))
    }
}
