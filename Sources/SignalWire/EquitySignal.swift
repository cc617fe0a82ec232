import Trader

/// The publisher's equity and cash (`kind` `equity`).
public struct EquitySignal: Sendable, Equatable {
    /// Cash plus the positions at their marks, in the account currency.
    public var equity: Money
    /// Cash alone.
    public var cash: Money
    /// The publisher's account currency (`USD`).
    public var currency: String

    /// An equity signal.
    public init(equity: Money, cash: Money, currency: String) {
        self.equity = equity
        self.cash = cash
        self.currency = currency
    }
}
