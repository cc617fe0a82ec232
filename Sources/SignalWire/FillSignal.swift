import Trader

/// A fill of one of the publisher's orders (`kind` `fill`).
public struct FillSignal: Sendable, Equatable {
    /// The id of the filled order (`order_id`), as its order signal carried it.
    public var orderID: String
    /// The publisher's symbol, `BTC/USD`.
    public var symbol: String
    /// The filled order's side.
    public var side: Side
    /// How much filled.
    public var quantity: Quantity
    /// The fill price.
    public var price: Price
    /// The fee the publisher paid, in its account currency.
    public var fee: Money

    /// A fill signal.
    public init(orderID: String, symbol: String, side: Side, quantity: Quantity, price: Price, fee: Money) {
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
    }
}
