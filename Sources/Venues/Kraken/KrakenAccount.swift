import Foundation
import Logging
import Synchronization
import Trader

/// The engine's broker on a Kraken spot account: the shared ``VenueBroker`` over Kraken's calls.
public typealias KrakenBroker = VenueBroker<KrakenAccount>

extension VenueBroker where Account == KrakenAccount {
    /// - Parameters:
    ///   - executionsURL: Kraken's private WebSocket v2 (`wss://ws-auth.kraken.com/v2`); nil polls REST instead.
    public convenience init(
        client: KrakenClient, instruments: [Instrument], executionsURL: String?, pollInterval: Duration = .seconds(15)
    ) {
        self.init(
            account: KrakenAccount(client: client, executionsURL: executionsURL), instruments: instruments, pollInterval: pollInterval)
    }
}

/// Kraken's calls as a ``VenueAccount``: orders over REST (`AddOrder` with a `cl_ord_id`,
/// looked up before anything is sent again), fills on the private WebSocket v2 `executions`
/// channel, reconciliation over `OpenOrders`, `ClosedOrders`, `QueryOrders` and `TradesHistory`.
public final class KrakenAccount: VenueAccount {
    public let client: KrakenClient
    /// The private WebSocket (`ws_auth_url`); nil reconciles over REST only.
    let executionsURL: String?
    /// The run's pairs, in instrument order, once ``prepare(_:logger:)`` described them.
    private let pairs = Mutex<[KrakenPair]>([])

    public init(client: KrakenClient, executionsURL: String?) {
        self.client = client
        self.executionsURL = executionsURL
    }

    public var venue: String { "Kraken" }

    public func prepare(_ instruments: [Instrument], logger: Logger) async throws -> [Price] {
        let pairs = try await client.assetPairs().pairs(for: instruments.map(\.symbol))
        for (instrument, pair) in zip(instruments, pairs) {
            guard instrument.tickSize.raw % pair.tickSize.raw == 0 else {
                throw KrakenError(
                    .invalidArguments,
                    "\(instrument.symbol) trades in ticks of \(pair.tickSize) on Kraken; the run's tick \(instrument.tickSize) is finer, "
                        + "so its limit prices would be refused. Use a tick of \(pair.tickSize) or a multiple")
            }
            if pair.status != "online" {
                logger.warning(
                    "Kraken lists \(pair.symbol) as \(pair.status): orders may be refused", metadata: ["pair": "\(pair.restName)"])
            }
        }
        self.pairs.withLock { $0 = pairs }
        return pairs.map(\.tickSize)
    }

    public func clientOrderID(for orderID: String) throws -> String {
        try KrakenOrderRequest.clientOrderID(for: orderID)
    }

    public func refusal(of order: Order) -> (reason: RejectReason, message: String)? {
        if case .stop = order.type { return (.invalidPrice, "Signet sends market and limit orders to Kraken; a stop order was not sent") }
        return nil
    }

    public func place(_ order: Order, clientOrderID: String) async throws -> VenuePlacement {
        guard let pair = pairs.withLock({ order.instrument < $0.count ? $0[order.instrument] : nil }) else {
            return .rejected(.unknownInstrument, "instrument #\(order.instrument) is not traded in this run")
        }
        let request = KrakenOrderRequest(
            pair: pair.altName, side: order.side, limitPrice: order.type.price, volume: order.quantity, clientOrderID: clientOrderID,
            immediateOrCancel: order.timeInForce == .ioc)
        do {
            return .placed(venueOrderID: try await client.placeOrder(request))
        } catch let error as KrakenError where error.retry == .queryFirst {
            return .unknown("\(error)")
        } catch let error as KrakenError {
            let reason: RejectReason = switch error.code {
            case .insufficientFunds, .marginNotAllowed: .insufficientFunds
            case .orderMinimum: .belowMinimum
            case .unknownPair: .unknownInstrument
            default: .invalidQuantity
            }
            return .rejected(reason, error.message)
        }
    }

    public func cancel(venueOrderID: String) async throws {
        do {
            _ = try await client.cancelOrder(txid: venueOrderID)
        } catch let error as KrakenError where error.code == .unknownOrder {
            // Gone already (filled or cancelled): the broker's refresh says which.
        }
    }

    public func openOrders() async throws -> [VenueOrderReport] {
        try await client.openOrders().map(Self.report)
    }

    public func order(clientOrderID: String) async throws -> VenueOrderReport? {
        try await client.order(clientOrderID: clientOrderID).map(Self.report)
    }

    public func orders(_ venueOrderIDs: [String]) async throws -> [VenueOrderReport] {
        try await client.queryOrders(venueOrderIDs).map(Self.report)
    }

    public func closedOrders(since seconds: Int64) async throws -> [VenueOrderReport] {
        try await client.closedOrders(start: seconds).map(Self.report)
    }

    public func trades(since seconds: Int64) async throws -> [VenueTrade] {
        try await client.tradesHistory(start: seconds).map { trade in
            VenueTrade(id: trade.id, venueOrderID: trade.orderTxid, details: [
                "pair": trade.pair, "side": trade.side.rawValue, "volume": "\(trade.volume)", "price": "\(trade.price)",
            ])
        }
    }

    /// Balances by common asset name: Kraken's `XXBT` and `XBT.F` both count as `BTC`.
    public func balances() async throws -> [String: Money] {
        try await client.balance().reduce(into: [String: Money]()) {
            $0[KrakenPair.commonName(ofAsset: $1.key), default: .zero] += $1.value
        }
    }

    public var hasExecutionStream: Bool { executionsURL != nil }

    public func streamExecutions(logger: Logger, _ handle: @escaping @Sendable (VenueStreamEvent) -> Void) async throws {
        guard let executionsURL else { return }
        let socket = KrakenSocket(
            url: executionsURL, subscriptions: [.executions(snapTrades: false)], token: { [client] in try await client.webSocketsToken() },
            logger: logger)
        try await socket.run { event in
            switch event {
            case .connected(let reconnection): handle(.connected(reconnection: reconnection))
            case .disconnected: handle(.disconnected)
            case .executions(let executions, _): handle(.executions(executions.map(Self.execution)))
            default: break
            }
        }
    }

    /// An order from REST, as the shared broker reads it.
    static func report(_ info: KrakenOrderInfo) -> VenueOrderReport {
        let status: VenueOrderReport.Status = switch info.status {
        case .pending: .pending
        case .open: .open
        case .closed: .closed
        case .canceled, .expired: .cancelled
        }
        return VenueOrderReport(
            venueOrderID: info.txid, clientOrderID: info.clientOrderID, status: status, executed: info.executed, cost: info.cost,
            fee: info.fee, openedAt: info.openedAt, closedAt: info.closedAt, reason: info.reason ?? info.status.rawValue,
            details: ["pair": info.pair, "side": info.side.rawValue, "volume": "\(info.volume)", "type": info.orderType])
    }

    /// An `executions` message, as the shared broker reads it.
    static func execution(_ execution: KrakenExecution) -> VenueExecution {
        let kind: VenueExecution.Kind = switch execution.execType {
        case "pending_new": .pendingNew
        case "new": .new
        case "status": .status
        case "trade": .trade
        case "filled": .filled
        case "canceled", "expired": .cancelled
        default: .other
        }
        return VenueExecution(
            venueOrderID: execution.orderID, clientOrderID: execution.clientOrderID, kind: kind,
            cumulativeQuantity: execution.cumulativeQuantity, cumulativeCost: execution.cumulativeCost,
            lastQuantity: execution.lastQuantity, lastPrice: execution.lastPrice, fee: execution.fee, time: execution.time,
            reason: execution.reason ?? execution.execType, symbol: execution.symbol)
    }
}
