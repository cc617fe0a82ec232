/// An amount of an instrument's base asset (signed for positions: negative is short).
public struct Quantity: FixedPointValue {
    public var raw: Int64
    public var precision: UInt8

    public init(raw: Int64, precision: UInt8 = 8) {
        self.raw = raw
        self.precision = precision
    }

    public static let zero = Quantity(raw: 0, precision: 0)

    public var isZero: Bool { raw == 0 }
    public var magnitude: Quantity {
        Quantity(raw: raw.magnitude > UInt64(Int64.max) ? Int64.max : Int64(raw.magnitude), precision: precision)
    }

    public static func + (a: Quantity, b: Quantity) -> Quantity { Quantity(raw: a.raw + b.raw, precision: max(a.precision, b.precision)) }
    public static func - (a: Quantity, b: Quantity) -> Quantity { Quantity(raw: a.raw - b.raw, precision: max(a.precision, b.precision)) }
    public static prefix func - (a: Quantity) -> Quantity { Quantity(raw: -a.raw, precision: a.precision) }

    /// This quantity rounded to a multiple of `lot`; toward zero by default, so a target never overshoots.
    public func rounded(toLot lot: Quantity, _ rule: FloatingPointRoundingRule = .towardZero) -> Quantity? {
        FixedPoint.round(raw, toMultipleOf: lot.raw, rounding: rule).map { Quantity(raw: $0, precision: lot.precision) }
    }
}

extension Price {
    /// The notional value `price × quantity`, exactly rounded; nil if it overflows.
    public func notional(_ quantity: Quantity) -> Money? {
        FixedPoint.multiply(raw, quantity.raw).map(Money.init(raw:))
    }
}

extension Money {
    /// How many units `self` buys at `price`, rounded as asked; nil if the price is 0 or it overflows.
    public func quantity(at price: Price, _ rule: FloatingPointRoundingRule = .towardZero) -> Quantity? {
        FixedPoint.divide(raw, price.raw, rounding: rule).map { Quantity(raw: $0) }
    }

    /// `self × numerator / denominator`, for weights; nil on overflow or a zero denominator.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Money? {
        FixedPoint.mulDiv(raw, numerator, denominator, rounding: .towardZero).map(Money.init(raw:))
    }
}
