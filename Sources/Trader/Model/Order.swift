/// Buy or sell.
public enum Side: String, Sendable, Hashable, CaseIterable {
    case buy, sell

    /// +1 for buy, -1 for sell.
    public var sign: Int64 { self == .buy ? 1 : -1 }
    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// How an order executes.
public enum OrderType: Sendable, Hashable, CustomStringConvertible {
    /// At the next available price.
    case market
    /// At `price` or better.
    case limit(Price)
    /// Becomes a market order once the price trades through `price`.
    case stop(Price)

    public var description: String {
        switch self {
        case .market: "market"
        case .limit: "limit"
        case .stop: "stop"
        }
    }

    /// The limit or stop price, if any.
    public var price: Price? {
        switch self {
        case .market: nil
        case .limit(let price), .stop(let price): price
        }
    }
}

/// How long an order stays working.
public enum TimeInForce: String, Sendable, Hashable {
    /// Good till cancelled.
    case gtc
    /// Immediate or cancel: whatever cannot fill on the next price is cancelled.
    case ioc
}

/// An order as the engine submits it. Its client order id is deterministic (run tag and a counter,
/// or derived from a signal), so a retried submission can be recognised by the broker.
public struct Order: Hashable, Sendable {
    public var id: String
    public var instrument: Int
    public var side: Side
    /// Always positive.
    public var quantity: Quantity
    public var type: OrderType
    public var timeInForce: TimeInForce
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Free text carried into the journal (a mirrored order names its signal here).
    public var tag: String

    public init(
        id: String, instrument: Int, side: Side, quantity: Quantity, type: OrderType = .market, timeInForce: TimeInForce = .gtc,
        createdAt: Int64, tag: String = ""
    ) {
        self.id = id
        self.instrument = instrument
        self.side = side
        self.quantity = quantity
        self.type = type
        self.timeInForce = timeInForce
        self.createdAt = createdAt
        self.tag = tag
    }
}

/// An execution of (part of) an order.
public struct Fill: Hashable, Sendable {
    public var orderID: String
    public var instrument: Int
    public var side: Side
    public var quantity: Quantity
    public var price: Price
    /// In the instrument's quote currency.
    public var fee: Money
    public var time: Int64

    public init(orderID: String, instrument: Int, side: Side, quantity: Quantity, price: Price, fee: Money, time: Int64) {
        self.orderID = orderID
        self.instrument = instrument
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.time = time
    }
}

/// Why a broker refused an order.
public enum RejectReason: String, Sendable, Hashable {
    case insufficientFunds = "insufficient_funds"
    case invalidQuantity = "invalid_quantity"
    case belowMinimum = "below_minimum"
    case invalidPrice = "invalid_price"
    case unknownInstrument = "unknown_instrument"
    case duplicateOrderID = "duplicate_order_id"
    /// Refused by the owner's risk limits (``RiskGate``) before any broker saw it.
    case riskLimit = "risk_limit"
}

/// What a broker reports back.
public enum BrokerEvent: Hashable, Sendable {
    case accepted(Order)
    case filled(Fill)
    case rejected(Order, RejectReason, String)
    case cancelled(Order, String)
}
