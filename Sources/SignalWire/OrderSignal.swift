import Trader

/// An order the publisher's strategy placed (`kind` `order`).
public struct OrderSignal: Sendable, Equatable {
    /// How the order executes, as `type` spells it on the wire. Nested rather than top-level so
    /// that it never clashes with Trader's `OrderType` (which carries the price) in files that
    /// import both modules.
    public enum OrderType: String, Sendable, Hashable, CaseIterable {
        /// At the next price.
        case market
        /// At `limit_price` or better.
        case limit
        /// A market order once the price trades through `limit_price`.
        case stop
    }

    /// The publisher's order id (`order_id`); its fills name it.
    public var id: String
    /// The publisher's symbol, `BTC/USD`.
    public var symbol: String
    /// Buy or sell (`buy`, `sell`).
    public var side: Side
    /// The order's size in the base asset, at the precision the publisher's venue uses.
    public var quantity: Quantity
    /// Market, limit or stop (`type`).
    public var type: OrderType
    /// The limit or stop price (`limit_price`): present exactly for limit and stop orders.
    public var limit: Price?
    /// The publisher's mark when it placed the order.
    public var price: Price

    /// An order signal; `limit` must be set exactly for limit and stop orders, or readers refuse it.
    public init(id: String, symbol: String, side: Side, quantity: Quantity, type: OrderType, limit: Price?, price: Price) {
        self.id = id
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.type = type
        self.limit = limit
        self.price = price
    }
}

extension OrderSignal.OrderType {
    /// The wire type of an engine order type (its price goes to ``OrderSignal/limit``).
    public init(_ type: Trader.OrderType) {
        switch type {
        case .market: self = .market
        case .limit: self = .limit
        case .stop: self = .stop
        }
    }
}
