import APISimulators
import Foundation
import Logging
import Testing
import Trader
@testable import KrakenVenue
import Transport

/// A Kraken simulator with one BTC/USD account, and clients for it.
struct KrakenWorld {
    static let key = "SIGNET-TEST-KEY"
    /// Kraken's documented example secret.
    static let secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="

    let simulator: KrakenSimulator
    let server: SimulatorServer
    let sleeper = RecordingSleeper()

    /// Candles one minute apart from 2024-01-01 00:00 UTC: opens at 40 000 then 100 lower each
    /// minute (so a resting buy below the price fills a few minutes later).
    static func candles(_ count: Int = 30) -> [Bar] {
        (0..<count).map { index in
            let open = Int64(40_000 - 100 * index) * FixedPoint.scale
            let price = { (raw: Int64) in Price(raw: raw, precision: 1) }
            return Bar(
                instrument: 0, time: 1_704_067_200_000 + Int64(index) * 60_000, open: price(open), high: price(open + 20 * FixedPoint.scale),
                low: price(open - 120 * FixedPoint.scale), close: price(open - 100 * FixedPoint.scale), volume: Quantity(units: 3))
        }
    }

    static func start(usd: Int64 = 100_000, candles: [Bar] = KrakenWorld.candles()) async throws -> KrakenWorld {
        let simulator = try KrakenSimulator(
            apiKey: key, secret: secret, markets: [.init(pair: KrakenSimulator.bitcoinDollar, candles: candles, intervalMinutes: 1)],
            balances: ["ZUSD": Money(units: usd), "XXBT": .zero])
        return KrakenWorld(simulator: simulator, server: try await simulator.start())
    }

    func client(secret: String = KrakenWorld.secret, timeout: Duration = .seconds(5)) throws -> KrakenClient {
        try KrakenClient(
            baseURL: server.baseURL, key: Secret(Self.key), secret: Secret(secret), nonces: MemoryKrakenNonceSource(start: 1), counter: nil, sleeper: sleeper,
            timeout: timeout)
    }

    var socketURL: String { server.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws-auth/v2" }

    static let bitcoin = try! Instrument(symbol: "BTC/USD", tickSize: Price(raw: 10_000_000, precision: 1), lotSize: Quantity(raw: 1, precision: 8), minimumQuantity: Quantity(raw: 10_000, precision: 4))
}
