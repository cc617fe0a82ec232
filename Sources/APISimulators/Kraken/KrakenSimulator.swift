import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import SignetCrypto
import Synchronization
import Trader

/// A loopback Kraken spot exchange for one account: the REST API under `/0/public` and
/// `/0/private` and WebSocket v2 under `/ws/v2` (public: `ticker`, `ohlc`) and `/ws-auth/v2`
/// (private: `executions`, with a token from `GetWebSocketsToken`), written to Kraken's
/// documentation. Private calls are checked as Kraken checks them: the `API-Key`, the `API-Sign`
/// signature over path and SHA-256(nonce + body), a nonce above the last one, and the call
/// counter (15, decaying 0.33 a second: the Starter tier).
///
/// Prices follow a path of candles (a CSV history or a random walk); ``advance()`` moves to the
/// next candle, matches resting limit orders against it and streams what happened. Market orders
/// fill at once at the last price. Balances are kept per Kraken asset code; a taker fee is charged
/// in the quote currency.
///
/// Faults through ``inject(_:on:)``: an invalid nonce, a rate limit, `EService:Unavailable`, an
/// answer that arrives after the client gave up (the order was placed), a dropped connection;
/// and for WebSockets ``dropSockets()`` and ``pauseSockets()`` (a window in which fills happen
/// while the client is disconnected).
public final class KrakenSimulator: Sendable {
    /// A pair as the simulator lists it in `AssetPairs`. Its own type, not the client's
    /// `KrakenPair`: the simulator stands for Kraken and shares no code with the client it tests.
    public struct Pair: Sendable, Hashable {
        /// The `AssetPairs` key (`XXBTZUSD`).
        public var restName: String
        /// `altname` (`XBTUSD`).
        public var altName: String
        /// The WebSocket v2 symbol (`BTC/USD`).
        public var symbol: String
        /// Asset codes as `Balance` keys them (`XXBT`, `ZUSD`).
        public var baseAsset: String
        public var quoteAsset: String
        public var tickSize: Price
        public var lotDecimals: Int
        public var orderMinimum: Quantity
        public var status: String

        public init(
            restName: String, altName: String, symbol: String, baseAsset: String, quoteAsset: String, tickSize: Price, lotDecimals: Int,
            orderMinimum: Quantity, status: String = "online"
        ) {
            self.restName = restName
            self.altName = altName
            self.symbol = symbol
            self.baseAsset = baseAsset
            self.quoteAsset = quoteAsset
            self.tickSize = tickSize
            self.lotDecimals = lotDecimals
            self.orderMinimum = orderMinimum
            self.status = status
        }
    }

    /// A pair the simulator trades.
    public struct Market: Sendable {
        public var pair: Pair
        /// The price path, oldest first; times are the candles' starts.
        public var candles: [Bar]
        public var intervalMinutes: Int

        public init(pair: Pair, candles: [Bar], intervalMinutes: Int) {
            self.pair = pair
            self.candles = candles
            self.intervalMinutes = intervalMinutes
        }
    }

    /// A fault for the next matching request.
    public enum Fault: Sendable, Equatable {
        /// `EAPI:Invalid nonce`, before processing.
        case invalidNonce
        /// `EAPI:Rate limit exceeded`, before processing.
        case rateLimit
        /// `EService:Unavailable`, before processing.
        case unavailable
        /// The request is processed (an order is placed), but the answer comes this late.
        case answerLate(Duration)
        /// The connection breaks before any answer; the request is processed first.
        case dropAfterProcessing
    }

    struct Order {
        var txid: String
        var clientOrderID: String?
        var pair: Pair
        var side: Side
        var limit: Price?
        var volume: Quantity
        var executed: Quantity = .zero
        var cost: Money = .zero
        var fee: Money = .zero
        var status: String = "open"
        var opened: Int64
        var closed: Int64?
        var trades: [String] = []
        var reason: String?
        var immediateOrCancel: Bool
    }

    struct Trade {
        var id: String
        var order: String
        var pair: Pair
        var side: Side
        var price: Price
        var volume: Quantity
        var cost: Money
        var fee: Money
        var time: Int64
        var orderType: String
    }

    struct State {
        var lastNonce: UInt64 = 0
        var counter: (level: Double, at: ContinuousClock.Instant)
        var balances: [String: Money]
        var orders: [String: Order] = [:]
        var orderSequence = 0
        var trades: [Trade] = []
        var cursor: [Int]
        var tokens: Set<String> = []
        var faults: [(fault: Fault, method: String?)] = []
        var sockets: [UUID: Socket] = [:]
        var socketsPaused = false
        var privateCalls: [String] = []
    }

    struct Socket {
        var continuation: AsyncStream<SocketCommand>.Continuation
        var isPrivate: Bool
        var subscriptions: Set<String> = []
    }

    enum SocketCommand: Sendable {
        case send(String)
        case drop
    }

    public let apiKey: String
    let secret: Mutex<APISecret>
    let markets: [Market]
    public let feeBasisPoints: Int64
    let state: Mutex<State>
    let clock = ContinuousClock()

    /// - Parameters:
    ///   - apiKey: the one API key the account has.
    ///   - secret: its secret, base64 (what a client signs with).
    ///   - balances: by Kraken asset code (`ZUSD`, `XXBT`).
    ///   - feeBasisPoints: the taker fee (Kraken's Starter tier: 40).
    public init(apiKey: String, secret: String, markets: [Market], balances: [String: Money], feeBasisPoints: Int64 = 40) throws {
        guard !markets.isEmpty, markets.allSatisfy({ !$0.candles.isEmpty }) else {
            throw SimulatorError("the Kraken simulator needs at least one pair with at least one candle")
        }
        self.apiKey = apiKey
        self.secret = Mutex(try APISecret(base64: secret))
        self.markets = markets
        self.feeBasisPoints = feeBasisPoints
        state = Mutex(State(counter: (0, ContinuousClock().now), balances: balances, cursor: Array(repeating: 0, count: markets.count)))
    }

    /// The default pair: BTC/USD as Kraken lists it (tick 0.1, 8 lot decimals, minimum 0.0001 BTC).
    public static let bitcoinDollar = Pair(
        restName: "XXBTZUSD", altName: "XBTUSD", symbol: "BTC/USD", baseAsset: "XXBT", quoteAsset: "ZUSD",
        tickSize: Price(raw: 10_000_000, precision: 1), lotDecimals: 8, orderMinimum: Quantity(raw: 10_000, precision: 4))

    /// EUR/USD as Kraken lists it (tick 0.00001, 8 lot decimals, minimum 5 EUR).
    public static let euroDollar = Pair(
        restName: "ZEURZUSD", altName: "EURUSD", symbol: "EUR/USD", baseAsset: "ZEUR", quoteAsset: "ZUSD",
        tickSize: Price(raw: 1_000, precision: 5), lotDecimals: 8, orderMinimum: Quantity(raw: 5 * 100_000_000, precision: 0))

    /// Serves on 127.0.0.1:`port` (0: any free port).
    public func start(port: Int = 0, logger: Logger = Logger(label: "signet.simulator.kraken")) async throws -> SimulatorServer {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.get("/0/public/{method}") { request, context in
            try await self.handlePublic(request, method: context.parameters.get("method") ?? "")
        }
        router.post("/0/private/{method}") { request, context in
            try await self.handlePrivate(request, method: context.parameters.get("method") ?? "")
        }
        router.ws("/ws/v2") { _, _ in self.socketsPaused ? .dontUpgrade : .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
            try await self.serveSocket(inbound: inbound, outbound: outbound, isPrivate: false)
        }
        router.ws("/ws-auth/v2") { _, _ in self.socketsPaused ? .dontUpgrade : .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
            try await self.serveSocket(inbound: inbound, outbound: outbound, isPrivate: true)
        }
        return try await SimulatorServer.start(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router), port: port, logger: logger)
    }

    // MARK: Control, for tests, the demo and `signet simulate kraken`

    /// Queues a fault for the next private call (to `method`, when given).
    public func inject(_ fault: Fault, on method: String? = nil) { state.withLock { $0.faults.append((fault, method)) } }

    /// Moves every pair to its next candle: resting orders match against it, and ticker, ohlc and
    /// executions updates go out. Returns false when every path is at its end.
    @discardableResult
    public func advance() -> Bool {
        var moved = false
        var messages: [(String, Bool)] = []
        state.withLock { state in
            for (index, market) in markets.enumerated() where state.cursor[index] + 1 < market.candles.count {
                moved = true
                messages += step(&state, market: index)
            }
        }
        broadcast(messages)
        return moved
    }

    /// The candle now forming on `symbol`'s path (only its open has traded).
    public func formingCandle(_ symbol: String = "BTC/USD") -> Bar? {
        guard let index = markets.firstIndex(where: { $0.pair.symbol == symbol }) else { return nil }
        return state.withLock { markets[index].candles[$0.cursor[index]] }
    }

    /// Balances by Kraken asset code.
    public var balances: [String: Money] { state.withLock { $0.balances } }
    /// Orders placed, by txid: (client order id, status, executed volume).
    public var orders: [(txid: String, clientOrderID: String?, status: String, executed: Quantity)] {
        state.withLock {
            $0.orders.values.sorted { $0.opened < $1.opened || ($0.opened == $1.opened && $0.txid < $1.txid) }
                .map { ($0.txid, $0.clientOrderID, $0.status, $0.executed) }
        }
    }
    /// Trade ids, in order.
    public var tradeIDs: [String] { state.withLock { $0.trades.map(\.id) } }
    /// Private methods called, in order (including refused ones).
    public var privateCalls: [String] { state.withLock { $0.privateCalls } }
    /// Open WebSocket connections.
    public var openSockets: Int { state.withLock { $0.sockets.count } }
    /// Channel subscriptions across the open WebSocket connections.
    public var subscriptionCount: Int { state.withLock { $0.sockets.values.reduce(0) { $0 + $1.subscriptions.count } } }

    /// Breaks every WebSocket without a word (a network failure).
    public func dropSockets() {
        state.withLock { state in
            for socket in state.sockets.values { socket.continuation.yield(.drop) }
            state.sockets.removeAll()
        }
    }

    /// Refuses WebSocket upgrades until ``resumeSockets()``: a window in which the client is disconnected.
    public func pauseSockets() { state.withLock { $0.socketsPaused = true } }
    public func resumeSockets() { state.withLock { $0.socketsPaused = false } }
    var socketsPaused: Bool { state.withLock { $0.socketsPaused } }

    /// Fills `volume` of the open order with this client order id at the last price (a partial
    /// fill, for tests); returns false when there is no such open order.
    @discardableResult
    public func fillPart(clientOrderID: String, volume: Quantity) -> Bool {
        var messages: [(String, Bool)] = []
        let filled = state.withLock { state -> Bool in
            guard let order = state.orders.values.first(where: { $0.clientOrderID == clientOrderID && $0.status == "open" }),
                let market = markets.firstIndex(where: { $0.pair == order.pair })
            else { return false }
            fill(&state, txid: order.txid, at: lastPrice(state, market: market), part: volume, messages: &messages)
            return true
        }
        broadcast(messages)
        return filled
    }

    /// An order placed outside Signet (from Kraken's web site), for reconciliation tests.
    public func placeExternalOrder(symbol: String, side: Side, volume: Quantity, limit: Price?) throws -> String {
        guard let market = markets.firstIndex(where: { $0.pair.symbol == symbol }) else { throw SimulatorError("no pair \(symbol)") }
        var messages: [(String, Bool)] = []
        let result = state.withLock { state in
            place(
                &state, market: market, side: side, volume: volume, limit: limit, clientOrderID: nil, immediateOrCancel: false,
                messages: &messages)
        }
        broadcast(messages)
        switch result {
        case .success(let txid): return txid
        case .failure(let error): throw SimulatorError("external order refused: \(error)")
        }
    }
}
