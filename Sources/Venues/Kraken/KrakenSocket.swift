import Foundation
import Logging
import Synchronization
import Trader
import Transport
import WSClient

/// A Kraken WebSocket v2 connection (`wss://ws.kraken.com/v2` public, `wss://ws-auth.kraken.com/v2`
/// private) that stays up: it subscribes, reads `heartbeat`s (a silence of ``silenceLimit`` counts
/// as a broken connection), reconnects with backoff (1 s, 2 s, 4 s… up to 30 s), subscribes again
/// (a fresh token each time for private channels, as Kraken asks), and says so with
/// ``Event/connected(reconnection:)`` so that its user can reconcile what it missed over REST.
public final class KrakenSocket: Sendable {
    public enum Subscription: Sendable, Hashable {
        case ticker(symbols: [String])
        case ohlc(symbols: [String], intervalMinutes: Int)
        /// Private: order updates and fills (`snap_trades` for the last 50 fills in the snapshot).
        case executions(snapTrades: Bool)
    }

    /// One OHLC candle as the `ohlc` channel sends it.
    public struct Candle: Sendable, Hashable {
        public var symbol: String
        /// `interval_begin`, Unix ms.
        public var begin: Int64
        public var open: Price, high: Price, low: Price, close: Price
        public var volume: Quantity
    }

    public enum Event: Sendable {
        /// Subscribed (again, when `reconnection`): anything may have been missed before this.
        case connected(reconnection: Bool)
        /// The connection is lost; a reconnection follows.
        case disconnected(reason: String)
        case candles([Candle], snapshot: Bool)
        case ticker(symbol: String, last: Price)
        case executions([KrakenExecution], snapshot: Bool)
    }

    private let url: String
    private let subscriptions: [Subscription]
    private let token: (@Sendable () async throws -> String)?
    private let sleeper: any Sleeper
    private let logger: Logger
    private let connections = Mutex(0)
    /// A connection that hears nothing this long is treated as broken (Kraken sends a heartbeat a second).
    public let silenceLimit: Duration

    /// - Parameter token: fetches a `GetWebSocketsToken` token, for private subscriptions.
    public init(
        url: String, subscriptions: [Subscription], token: (@Sendable () async throws -> String)? = nil,
        sleeper: any Sleeper = ClockSleeper(), silenceLimit: Duration = .seconds(10), logger: Logger = Logger(label: "signet.kraken.socket")
    ) {
        self.url = url
        self.subscriptions = subscriptions
        self.token = token
        self.sleeper = sleeper
        self.silenceLimit = silenceLimit
        self.logger = logger
    }

    /// Connections opened so far (1 + reconnections).
    public var connectionCount: Int { connections.withLock { $0 } }

    /// When the connection last heard anything.
    final class LastHeard: Sendable {
        private let last = Mutex(ContinuousClock.now)
        var instant: ContinuousClock.Instant { last.withLock { $0 } }
        func touch() { last.withLock { $0 = .now } }
    }

    struct Broken: Error, CustomStringConvertible { var description: String }

    /// Runs until the task is cancelled or `handle` throws.
    public func run(_ handle: @escaping @Sendable (Event) async throws -> Void) async throws {
        let reconnecting = Reconnecting(name: "Kraken WebSocket", sleeper: sleeper, logger: logger) { error in
            (error as? KrakenError)?.retry == .never
        }
        try await reconnecting.run(metadata: ["url": "\(url)"]) {
            let requests = try await subscribeRequests()
            let opened = connections.withLock { $0 += 1; return $0 }
            try await session(requests: requests, reconnection: opened > 1, handle)
            return .closed("the connection closed")
        } lost: { reason in
            try await Self.deliver(.disconnected(reason: reason), handle)
        }
    }

    private func subscribeRequests() async throws -> [String] {
        var requests: [String] = []
        for (index, subscription) in subscriptions.enumerated() {
            var params: [String: Any]
            switch subscription {
            case .ticker(let symbols): params = ["channel": "ticker", "symbol": symbols]
            case .ohlc(let symbols, let interval): params = ["channel": "ohlc", "symbol": symbols, "interval": interval]
            case .executions(let snapTrades):
                guard let token else {
                    throw KrakenError(.invalidCredentials, "the executions channel needs an API key with a WebSocket token")
                }
                params = ["channel": "executions", "token": try await token(), "snap_orders": true, "snap_trades": snapTrades]
            }
            let data = try JSONSerialization.data(
                withJSONObject: ["method": "subscribe", "params": params, "req_id": index + 1], options: [.sortedKeys])
            requests.append(String(decoding: data, as: UTF8.self))
        }
        return requests
    }

    private func session(requests: [String], reconnection: Bool, _ handle: @escaping @Sendable (Event) async throws -> Void) async throws {
        let heard = LastHeard()
        let limit = silenceLimit
        let url = url, logger = logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            // A silent connection is broken: the watchdog's error cancels the reader.
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(250))
                    if ContinuousClock.now - heard.instant > limit { throw Broken(description: "no message for \(limit)") }
                }
            }
            group.addTask {
                try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: 1 << 24), logger: logger
                ) { inbound, outbound, _ in
                    for request in requests { try await outbound.write(.text(request)) }
                    var pending = requests.count
                    for try await frame in inbound.messages(maxSize: 1 << 24) {
                        heard.touch()
                        guard case .text(let text) = frame,
                            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
                        else { continue }
                        if object["method"] as? String == "subscribe" {
                            guard object["success"] as? Bool == true else {
                                throw KrakenError(
                                    .invalidArguments,
                                    "Kraken refused a WebSocket subscription: \(object["error"] as? String ?? "no reason given")")
                            }
                            pending -= 1
                            if pending == 0 { try await Self.deliver(.connected(reconnection: reconnection), handle) }
                            continue
                        }
                        if let event = Self.event(object) { try await Self.deliver(event, handle) }
                    }
                }
                throw Broken(description: "Kraken closed the WebSocket")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private static func deliver(_ event: Event, _ handle: @Sendable (Event) async throws -> Void) async throws {
        do { try await handle(event) } catch { throw HandlerFailure(underlying: error) }
    }

    /// The event a data message carries (nil for heartbeats, status and acknowledgements).
    static func event(_ object: [String: Any]) -> Event? {
        let snapshot = object["type"] as? String == "snapshot"
        let data = object["data"] as? [[String: Any]] ?? []
        switch object["channel"] as? String {
        case "ohlc":
            return .candles(data.compactMap { entry in
                guard let symbol = entry["symbol"] as? String,
                    let begin = (entry["interval_begin"] as? String).flatMap({ Timestamp.parse(Substring($0)) }),
                    let open = KrakenValue.price(entry["open"]), let high = KrakenValue.price(entry["high"]),
                    let low = KrakenValue.price(entry["low"]), let close = KrakenValue.price(entry["close"])
                else { return nil }
                return Candle(
                    symbol: symbol, begin: begin, open: open, high: high, low: low, close: close,
                    volume: KrakenValue.quantity(entry["volume"]) ?? .zero)
            }, snapshot: snapshot)
        case "ticker":
            guard let entry = data.first, let symbol = entry["symbol"] as? String, let last = KrakenValue.price(entry["last"]) else {
                return nil
            }
            return .ticker(symbol: symbol, last: last)
        case "executions":
            return .executions(data.compactMap(KrakenExecution.init), snapshot: snapshot)
        default:
            return nil
        }
    }
}
