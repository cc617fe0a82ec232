import Foundation
import Logging
import Synchronization
import Trader

/// Completed bars of Kraken pairs, from the WebSocket v2 `ohlc` channel: a candle is complete
/// when a later one begins. After a reconnection the bars completed meanwhile are fetched with
/// REST `OHLC`, so the runner sees every bar once and in order. History from before the feed
/// started is not replayed (strategies warm up on live bars).
public struct KrakenBarFeed: AsyncSequence, Sendable {
    public typealias Element = Bar

    let client: KrakenClient
    let url: String
    let pairs: [KrakenPair]
    public let intervalMinutes: Int
    let logger: Logger

    /// Kraken's candle lengths, minutes.
    public static let intervals = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600]

    /// - Parameters:
    ///   - url: the public WebSocket (`wss://ws.kraken.com/v2`).
    ///   - pairs: the run's instruments, in order.
    public init(
        client: KrakenClient, url: String, pairs: [KrakenPair], intervalMinutes: Int, logger: Logger = Logger(label: "signet.kraken.feed")
    ) throws {
        try Self.check(intervalMinutes: intervalMinutes)
        self.client = client
        self.url = url
        self.pairs = pairs
        self.intervalMinutes = intervalMinutes
        self.logger = logger
    }

    /// Refuses a candle length Kraken does not offer (before anything connects).
    public static func check(intervalMinutes: Int) throws {
        guard intervals.contains(intervalMinutes) else {
            throw KrakenError(
                .invalidArguments,
                "Kraken has no \(intervalMinutes)-minute candles; use --feed kraken:MINUTES with one of "
                    + "\(intervals.map(String.init).joined(separator: ", ")) minutes")
        }
    }

    /// Length of the bars, Unix ms.
    public var barMilliseconds: Int64 { Int64(intervalMinutes) * 60_000 }

    public func makeAsyncIterator() -> AsyncThrowingStream<Bar, any Error>.Iterator {
        let (stream, continuation) = AsyncThrowingStream<Bar, any Error>.makeStream()
        let assembler = Mutex(KrakenBarAssembler(symbols: pairs.map(\.symbol), barMilliseconds: barMilliseconds))
        let socket = KrakenSocket(
            url: url, subscriptions: [.ohlc(symbols: pairs.map(\.symbol), intervalMinutes: intervalMinutes)], logger: logger)
        let (client, pairs, interval, logger) = (client, pairs, intervalMinutes, logger)
        let task = Task {
            do {
                try await socket.run { event in
                    switch event {
                    case .connected(reconnection: true):
                        // Bars that completed while the socket was down, from REST.
                        for (index, pair) in pairs.enumerated() {
                            guard let since = assembler.withLock({ $0.lastEmitted[index] }) else { continue }
                            let bars = try await client.ohlc(pair, instrument: index, intervalMinutes: interval, since: since / 1000)
                            let fresh = assembler.withLock { $0.addCompleted(bars) }
                            if !fresh.isEmpty {
                                logger.notice(
                                    "recovered bars missed during a WebSocket gap",
                                    metadata: ["symbol": "\(pair.symbol)", "bars": "\(fresh.count)"])
                            }
                            for bar in fresh { continuation.yield(bar) }
                        }
                    case .candles(let candles, _):
                        for bar in assembler.withLock({ $0.add(candles) }) { continuation.yield(bar) }
                    default:
                        break
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error is CancellationError ? nil : error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream.makeAsyncIterator()
    }
}

/// Turns candle updates into completed bars, each once, in order.
struct KrakenBarAssembler {
    let instruments: [String: Int]
    let barMilliseconds: Int64
    /// Latest values of the candles not yet emitted, per instrument, by start time.
    var candles: [Int: [Int64: KrakenSocket.Candle]] = [:]
    /// Start of the last bar emitted (or skipped as history), per instrument.
    var lastEmitted: [Int: Int64] = [:]

    init(symbols: [String], barMilliseconds: Int64) {
        instruments = Dictionary(symbols.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        self.barMilliseconds = barMilliseconds
    }

    mutating func add(_ updates: [KrakenSocket.Candle]) -> [Bar] {
        var touched: Set<Int> = []
        for candle in updates {
            guard let index = instruments[candle.symbol] else { continue }
            if let last = lastEmitted[index], candle.begin <= last { continue }
            candles[index, default: [:]][candle.begin] = candle
            touched.insert(index)
        }
        var bars: [Bar] = []
        for index in touched.sorted() {
            guard let newest = candles[index]?.keys.max() else { continue }
            // The first candles seen are history: only those that begin later become bars.
            let last = lastEmitted[index] ?? (newest - barMilliseconds)
            let complete = candles[index, default: [:]].filter { $0.key < newest && $0.key > last }.sorted { $0.key < $1.key }
            bars += complete.map {
                Bar(
                    instrument: index, time: $0.key, open: $0.value.open, high: $0.value.high, low: $0.value.low, close: $0.value.close,
                    volume: $0.value.volume)
            }
            lastEmitted[index] = complete.last?.key ?? last
            candles[index] = candles[index]?.filter { $0.key >= newest }
        }
        return bars.sorted { ($0.time, $0.instrument) < ($1.time, $1.instrument) }
    }

    /// Completed bars from REST: those after the last emitted one.
    mutating func addCompleted(_ bars: [Bar]) -> [Bar] {
        var fresh: [Bar] = []
        for bar in bars.sorted(by: { $0.time < $1.time }) {
            guard let last = lastEmitted[bar.instrument], bar.time > last else { continue }
            fresh.append(bar)
            lastEmitted[bar.instrument] = bar.time
            candles[bar.instrument]?[bar.time] = nil
        }
        return fresh
    }
}
