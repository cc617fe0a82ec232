import APISimulators
import Foundation
import Synchronization
import Testing
import TestSupport
import Trader
@testable import KrakenVenue
import Transport

@Suite("Kraken WebSocket v2 market data")
struct KrakenFeedTests {
    @Test func barsArriveOnceAndInOrderAcrossADroppedSocket() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let client = try world.client()
        let pair = try #require(try await client.assetPairs().pair(symbol: "BTC/USD"))
        let url = world.server.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws/v2"
        let feed = try KrakenBarFeed(client: client, url: url, pairs: [pair], intervalMinutes: 1)
        let received = Mutex<[Bar]>([])
        let reader = Task {
            for try await bar in feed {
                let count = received.withLock { $0.append(bar); return $0.count }
                if count == 6 { return }
            }
        }
        try await eventually("the ohlc subscription") { world.simulator.subscriptionCount == 1 }
        world.simulator.advance()
        world.simulator.advance()
        try await eventually("two bars") { received.withLock { $0.count } == 2 }
        // The socket drops; three candles complete before it is back.
        world.simulator.pauseSockets()
        world.simulator.dropSockets()
        for _ in 0..<3 { world.simulator.advance() }
        world.simulator.resumeSockets()
        try await eventually("the missed bars") { received.withLock { $0.count } == 5 }
        world.simulator.advance()
        try await reader.value
        let candles = KrakenWorld.candles()
        #expect(received.withLock { $0 } == Array(candles.prefix(6)))
    }

    @Test func theTickerChannelReportsTheLastPrice() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let url = world.server.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws/v2"
        let socket = KrakenSocket(url: url, subscriptions: [.ticker(symbols: ["BTC/USD"])])
        let prices = Mutex<[Price]>([])
        let reader = Task {
            try await socket.run { event in
                if case .ticker(_, let last) = event, prices.withLock({ $0.append(last); return $0.count }) == 2 { throw CancellationError() }
            }
        }
        try await eventually("the snapshot") { prices.withLock { $0.count } == 1 }
        world.simulator.advance()
        _ = try? await reader.value
        #expect(prices.withLock { $0 } == [KrakenWorld.candles()[0].open, KrakenWorld.candles()[1].open])
    }

    @Test(arguments: [2, 7, 120])
    func candleLengthsKrakenDoesNotOfferAreRefused(minutes: Int) async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        #expect(throws: KrakenError.self) {
            try KrakenBarFeed(client: try world.client(), url: "ws://127.0.0.1:1/ws/v2", pairs: [], intervalMinutes: minutes)
        }
    }
}
