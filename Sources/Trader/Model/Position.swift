/// An instrument position with average-cost accounting: the cost basis of what is open, and PnL
/// realised each time the position is reduced. Fees are tracked beside PnL, not inside it.
public struct Position: Hashable, Sendable {
    public var instrument: Int
    /// Signed: negative is short.
    public private(set) var quantity: Quantity
    /// Signed cost of the open quantity (negative for a short), in quote currency.
    public private(set) var costBasis: Money
    /// PnL realised by reductions so far, before fees.
    public private(set) var realizedPnL: Money
    /// Fees paid on this instrument so far.
    public private(set) var fees: Money

    public init(instrument: Int, quantity: Quantity = .zero, costBasis: Money = .zero, realizedPnL: Money = .zero, fees: Money = .zero) {
        self.instrument = instrument
        self.quantity = quantity
        self.costBasis = costBasis
        self.realizedPnL = realizedPnL
        self.fees = fees
    }

    /// Average entry price of the open quantity; zero when flat.
    public var averagePrice: Price {
        guard quantity.raw != 0 else { return .zero }
        return Price(raw: FixedPoint.divide(abs(costBasis.raw), abs(quantity.raw)) ?? 0)
    }

    /// Market value minus cost of the open quantity at `mark`.
    public func unrealizedPnL(at mark: Price) -> Money {
        guard quantity.raw != 0, let value = mark.notional(quantity) else { return .zero }
        return value - costBasis
    }

    /// Books a fill; returns the PnL it realised. Nil (and nothing changed) if amounts overflow.
    @discardableResult
    public mutating func apply(_ fill: Fill) -> Money? {
        guard let notional = fill.price.notional(fill.quantity) else { return nil }
        let signed = fill.side.sign * fill.quantity.raw
        fees = fees + fill.fee
        if quantity.raw == 0 || (quantity.raw > 0) == (signed > 0) {
            quantity.raw += signed
            quantity.precision = max(quantity.precision, fill.quantity.precision)
            costBasis = costBasis + Money(raw: fill.side.sign * notional.raw)
            return .zero
        }
        let open = abs(quantity.raw)
        let closing = min(open, fill.quantity.raw)
        guard let closedCost = FixedPoint.mulDiv(costBasis.raw, closing, open, rounding: .towardZero),
            let closingNotional = FixedPoint.multiply(fill.price.raw, closing)
        else { return nil }
        let direction: Int64 = quantity.raw > 0 ? 1 : -1
        let realized = Money(raw: direction * closingNotional - closedCost)
        realizedPnL = realizedPnL + realized
        quantity.raw -= direction * closing
        costBasis = Money(raw: costBasis.raw - closedCost)
        let remainder = fill.quantity.raw - closing
        if remainder > 0 {
            // The fill flipped the position: the rest opens a new one at the fill price.
            guard let openingNotional = FixedPoint.multiply(fill.price.raw, remainder) else { return nil }
            quantity.raw = fill.side.sign * remainder
            costBasis = Money(raw: fill.side.sign * openingNotional)
        } else if quantity.raw == 0 {
            costBasis = .zero
        }
        return realized
    }
}
