import Trader

/// A snapshot of every instrument's target (`kind` `targets`): the whole state a `mode: target`
/// subscriber mirrors, so a missed signal heals at the next snapshot.
public struct TargetsSignal: Sendable, Equatable {
    /// One instrument's target: position and weight of equity, with the price they were set at.
    public struct Target: Sendable, Equatable {
        /// The publisher's symbol, `BTC/USD`.
        public var symbol: String
        /// The position the publisher means to hold (negative: short).
        public var quantity: Quantity
        /// Fraction of the publisher's equity, `1` = 100 %, negative for short. Written as a trimmed
        /// decimal string ("0.25", "-1", "0").
        public var weight: Weight
        /// The publisher's mark when it set the target.
        public var price: Price

        /// One instrument's target.
        public init(symbol: String, quantity: Quantity, weight: Weight, price: Price) {
            self.symbol = symbol
            self.quantity = quantity
            self.weight = weight
            self.price = price
        }
    }

    /// The publisher's equity when it set the targets.
    public var equity: Money
    /// The publisher's account currency (`USD`).
    public var currency: String
    /// One per instrument, in the publisher's instrument order.
    public var targets: [Target]

    /// A snapshot of `targets` at the publisher's `equity`.
    public init(equity: Money, currency: String, targets: [Target]) {
        self.equity = equity
        self.currency = currency
        self.targets = targets
    }
}
