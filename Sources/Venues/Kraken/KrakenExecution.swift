import Foundation
import Trader

/// One message of the WebSocket v2 `executions` channel: an order's status change or a trade.
public struct KrakenExecution: Sendable, Hashable {
    public var orderID: String
    public var clientOrderID: String?
    /// `pending_new`, `new`, `trade`, `filled`, `canceled`, `expired`, `amended`, `restated`, `status`.
    public var execType: String
    public var orderStatus: String?
    public var symbol: String?
    public var side: Side?
    public var orderType: String?
    public var orderQuantity: Quantity?
    public var limitPrice: Price?
    /// For `trade`: this execution.
    public var tradeID: String?
    public var lastQuantity: Quantity?
    public var lastPrice: Price?
    /// Fee of this trade, in the quote currency when Kraken charged it there.
    public var fee: Money?
    /// Cumulative filled quantity and cost of the order.
    public var cumulativeQuantity: Quantity?
    public var cumulativeCost: Money?
    /// Unix milliseconds.
    public var time: Int64?
    public var reason: String?

    /// Reads one `data` entry; nil when it lacks an order id or type.
    init?(_ data: [String: Any]) {
        guard let orderID = data["order_id"] as? String, let execType = data["exec_type"] as? String else { return nil }
        self.orderID = orderID
        self.execType = execType
        clientOrderID = data["cl_ord_id"] as? String
        orderStatus = data["order_status"] as? String
        symbol = data["symbol"] as? String
        side = (data["side"] as? String).flatMap(Side.init(rawValue:))
        orderType = data["order_type"] as? String
        orderQuantity = KrakenValue.quantity(data["order_qty"])
        limitPrice = KrakenValue.price(data["limit_price"])
        tradeID = (data["exec_id"] as? String) ?? KrakenValue.text(data["trade_id"])
        lastQuantity = KrakenValue.quantity(data["last_qty"])
        lastPrice = KrakenValue.price(data["last_price"])
        fee = (data["fees"] as? [[String: Any]])?.reduce(Money.zero) { $0 + (KrakenValue.money($1["qty"]) ?? .zero) }
        cumulativeQuantity = KrakenValue.quantity(data["cum_qty"])
        cumulativeCost = KrakenValue.money(data["cum_cost"])
        time = (data["timestamp"] as? String).flatMap { Timestamp.parse(Substring($0)) }
        reason = data["reason"] as? String
    }
}
