import Testing
@testable import SignetApp

@Suite("The venue registry")
struct VenueRegistryTests {
    @Test(arguments: VenueName.allCases)
    func everyVenueNameHasItsOwnEntry(venue: VenueName) {
        #expect(VenueRegistry.entries[venue]?.name == venue)
    }

    @Test func thePaperBrokerNeedsNoAccountAndHasNoCandles() async throws {
        #expect(try await VenueRegistry.connect(.paper, settings: Settings(), home: "/nonexistent", symbols: []) == nil)
        #expect(throws: AppError.self) { try VenueRegistry.checkCandles(.paper, minutes: 1) }
    }

    @Test func aVenueWithAnAccountSaysWhichSettingsItNeeds() async throws {
        do {
            _ = try await VenueRegistry.connect(.kraken, settings: Settings(), home: "/nonexistent", symbols: ["BTC/USD"])
            Issue.record("connected without settings")
        } catch let error as AppError {
            #expect(error.kind == .usage && error.message.contains("exchange_apis.Kraken"))
        }
    }

    @Test(arguments: [
        ("replay:data/x.csv", FeedSpec.replay("data/x.csv")), ("synthetic:42", .synthetic(42)), ("kraken", .venue(.kraken, minutes: 1)),
        ("kraken:5", .venue(.kraken, minutes: 5)),
    ])
    func feedsParseByKind(text: String, feed: FeedSpec) {
        #expect(FeedSpec(text) == feed)
    }

    @Test(arguments: ["replay:", "synthetic:x", "kraken:BTC/USD", "paper:1", "binance:1", ""])
    func malformedFeedsAreRefused(text: String) {
        #expect(FeedSpec(text) == nil)
    }
}
