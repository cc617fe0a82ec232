import APISimulators
import ArgumentParser
import Foundation
import KrakenVenue
import Logging
import SignetApp
import Trader
import UnixSignals

extension SimulateCommand {
    struct Kraken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A loopback Kraken spot exchange (REST and WebSocket v2) on 127.0.0.1, one account, one pair (BTC/USD or EUR/USD).",
            discussion: """
                REST: /0/public/Time, AssetPairs, Ticker, OHLC; /0/private/Balance, AddOrder, CancelOrder, OpenOrders, \
                ClosedOrders, QueryOrders, TradesHistory, GetWebSocketsToken, signed and nonce-checked as Kraken does \
                (API-Key, API-Sign). WebSocket v2: ws://127.0.0.1:PORT/ws/v2 (ticker, ohlc) and \
                ws://127.0.0.1:PORT/ws-auth/v2 (executions).

                Settings for it:
                  exchange_apis:
                    Kraken: {key: KEY, secret: SECRET, api_url: http://127.0.0.1:PORT,
                             ws_url: ws://127.0.0.1:PORT/ws/v2, ws_auth_url: ws://127.0.0.1:PORT/ws-auth/v2}

                Prices follow --bars (a CSV of bars) or a random walk from 40000 for BTC/USD, 1.1 for EUR/USD (--seed); a new candle opens \
                every --step seconds. Market orders fill at the open of the candle now forming; limit orders when a candle \
                trades through them. Default balances: 10000 USD (ZUSD) and no BTC (XXBT); the taker fee is 40 bp, \
                charged in USD. Stop with Ctrl+C.
                """)

        @Option(help: "Port to listen on (0: any free port).")
        var port: Int = 8083
        @Option(help: "The API key the account has.")
        var key: String = "SIGNET-SIM-KEY"
        @Option(help: "The key's secret, base64 (default: Kraken's documented example secret).")
        var secret: String = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
        @Option(help: "The pair traded: BTC/USD (XXBTZUSD) or EUR/USD (ZEURZUSD).")
        var pair: String = "BTC/USD"
        @Option(help: "Bars file (CSV) for the pair's price path; default: a random walk.")
        var bars: String?
        @Option(help: "Seed of the random walk.")
        var seed: UInt64 = 42
        @Option(help: "Candle length in minutes (what ohlc subscriptions must ask for).")
        var intervalMinutes: Int = 1
        @Option(help: "Seconds between candles (0: prices never move).")
        var step: Double = 60
        @Option(
            name: .customLong("balance"),
            help: ArgumentHelp("A starting balance by Kraken asset code, repeatable.", valueName: "ASSET=AMOUNT"))
        var balances: [String] = ["ZUSD=10000", "XXBT=0"]
        @Option(help: "Taker fee, basis points.")
        var feeBps: Int64 = 40

        func run() async throws {
            let logger = Logger(label: "signet.simulator.kraken")
            guard step >= 0, step.isFinite else { throw ValidationError("--step must be 0 or more seconds") }
            var accounts: [String: Money] = [:]
            for entry in balances {
                let parts = entry.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let amount = Money(parts[1]) else {
                    throw ValidationError("--balance \(entry) must be ASSET=AMOUNT, as in ZUSD=10000")
                }
                accounts[String(parts[0])] = amount
            }
            let interval = Int64(intervalMinutes) * 60_000
            guard let market = [KrakenSimulator.bitcoinDollar, KrakenSimulator.euroDollar].first(where: { $0.symbol == pair }) else {
                throw ValidationError("--pair \(pair): the simulator trades BTC/USD or EUR/USD")
            }
            let candles: [Bar]
            if let bars {
                candles = try CSVBars.read(bars)
                guard !candles.isEmpty else { throw ValidationError("\(bars) holds no bars") }
            } else {
                // From the current interval on, so a live run's bars carry today's times.
                let start = Int64(Date().timeIntervalSince1970 * 1000) / interval * interval
                let bitcoin = market == KrakenSimulator.bitcoinDollar
                candles = Array(RandomWalk(
                    seed: seed, count: 100_000, start: start, intervalMilliseconds: interval,
                    startPrice: bitcoin ? Price(units: 40_000) : Price(raw: 110_000_000, precision: 5), tick: market.tickSize,
                    maxStepTicks: bitcoin ? 400 : 20))
            }
            let simulator: KrakenSimulator
            do {
                simulator = try KrakenSimulator(
                    apiKey: key, secret: secret, markets: [.init(pair: market, candles: candles, intervalMinutes: intervalMinutes)],
                    balances: accounts, feeBasisPoints: feeBps)
            } catch {
                throw ValidationError("--secret must be the base64 secret Kraken shows for the key: \(error)")
            }
            let server = try await simulator.start(port: port, logger: logger)
            let socket = server.baseURL.replacingOccurrences(of: "http://", with: "ws://")
            Console.outFlushed(
                "Kraken simulator on \(server.baseURL) (\(market.symbol), key \(key); ws_url \(socket)/ws/v2, "
                    + "ws_auth_url \(socket)/ws-auth/v2; \(candles.count) candles of \(intervalMinutes)m, one every \(step)s)")
            let stepper = Task {
                guard step > 0 else { return }
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int64(step * 1000)))
                    guard simulator.advance() else { return }
                }
            }
            // Runs until Ctrl+C or SIGTERM.
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { break }
            stepper.cancel()
            await server.stop()
            Console.note("simulator stopped")
        }
    }
}
