/// Cash per currency and a position per instrument: the engine's book, the same for a strategy's
/// own trades and for mirrored ones.
public struct Portfolio: Hashable, Sendable {
    /// The currency equity is measured in; every instrument must be quoted in it.
    public let accountCurrency: String
    /// Cash in the account currency (kept apart from ``otherCash``: it is read at every bar).
    public private(set) var accountCash: Money
    /// Cash in other currencies.
    public private(set) var otherCash: [String: Money] = [:]
    public private(set) var positions: [Position]

    public init(accountCurrency: String, cash: Money, instruments: Int) {
        self.accountCurrency = accountCurrency
        self.accountCash = cash
        self.positions = (0..<instruments).map { Position(instrument: $0) }
    }

    /// Cash per currency.
    public var cash: [String: Money] {
        var all = otherCash
        all[accountCurrency] = accountCash
        return all
    }

    /// Books a fill against cash and the position; returns the realised PnL, nil on overflow.
    @discardableResult
    public mutating func apply(_ fill: Fill, quote: String) -> Money? {
        guard let notional = fill.price.notional(fill.quantity) else { return nil }
        guard let realized = positions[fill.instrument].apply(fill) else { return nil }
        let change = fill.side == .buy ? -(notional + fill.fee) : notional - fill.fee
        if quote == accountCurrency {
            accountCash = accountCash + change
        } else {
            otherCash[quote, default: .zero] = otherCash[quote, default: .zero] + change
        }
        return realized
    }

    /// Cash plus the market value of every position at `marks` (by instrument index).
    @inlinable
    public func equity(marks: [Price]) -> Money {
        // 128 bits, clamped: hostile marks or positions cannot make the sum trap.
        var total = Int128(accountCash.raw)
        for position in positions where position.quantity.raw != 0 && position.instrument < marks.count {
            total += Int128(FixedPoint.multiply(marks[position.instrument].raw, position.quantity.raw) ?? 0)
        }
        return Money(raw: total > Int128(Int64.max) ? .max : total < Int128(Int64.min) ? .min : Int64(total))
    }

    /// Restores a book from a journal (restart of a named run).
    public mutating func restore(cash: [String: Money], positions: [Position]) {
        accountCash = cash[accountCurrency] ?? .zero
        otherCash = cash.filter { $0.key != accountCurrency }
        for position in positions where position.instrument < self.positions.count {
            self.positions[position.instrument] = position
        }
    }
}
