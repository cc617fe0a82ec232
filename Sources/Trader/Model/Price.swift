/// A price in quote currency: an integer count of 10⁻⁸ units plus the precision it is shown with.
public struct Price: FixedPointValue {
    public var raw: Int64
    public var precision: UInt8

    public init(raw: Int64, precision: UInt8 = 8) {
        self.raw = raw
        self.precision = precision
    }

    public static let zero = Price(raw: 0, precision: 0)

    /// This price rounded to a multiple of `tick`; nil on overflow.
    public func rounded(toTick tick: Price, _ rule: FloatingPointRoundingRule = .toNearestOrEven) -> Price? {
        FixedPoint.round(raw, toMultipleOf: tick.raw, rounding: rule).map { Price(raw: $0, precision: precision) }
    }

    /// This price moved by `bps` basis points (positive = up), rounded to `tick` away from the favourable side.
    public func adjusted(byBasisPoints bps: Int64, tick: Price) -> Price? {
        guard let delta = FixedPoint.mulDiv(raw, bps, 10_000, rounding: bps >= 0 ? .up : .down) else { return nil }
        return Price(raw: raw + delta, precision: precision).rounded(toTick: tick, bps >= 0 ? .up : .down)
    }

    /// How much worse this fill price is than `reference` for a trade on `side`, in basis points of
    /// the reference (paying more on a buy, receiving less on a sell is positive); nil for a zero reference.
    public func slippage(against reference: Price, side: Side) -> Int64? {
        guard reference.raw != 0 else { return nil }
        return Int64(Int128(raw - reference.raw) * 10_000 * Int128(side.sign) / Int128(reference.raw))
    }
}

/// An amount of a currency: cash, fees, PnL, notional.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    /// Raw 10⁻⁸ units.
    public var raw: Int64

    public init(raw: Int64) { self.raw = raw }

    /// Parses decimal text; nil if it is not a decimal number of at most 8 places.
    public init?(_ text: some StringProtocol) {
        guard let (raw, _) = FixedPoint.parse(Substring(text)) else { return nil }
        self.init(raw: raw)
    }

    public init(units: Int64) { self.init(raw: units * FixedPoint.scale) }

    public static let zero = Money(raw: 0)

    /// Two decimals unless finer digits are present (then up to 8).
    public var description: String {
        var precision: UInt8 = 2
        var rest = raw.magnitude % 1_000_000
        while rest != 0 && precision < 8 {
            precision += 1
            rest = (rest * 10) % 1_000_000
        }
        return FixedPoint.format(raw, precision: precision)
    }

    public static func < (a: Money, b: Money) -> Bool { a.raw < b.raw }
    public static func + (a: Money, b: Money) -> Money { Money(raw: a.raw + b.raw) }
    public static func - (a: Money, b: Money) -> Money { Money(raw: a.raw - b.raw) }
    public static prefix func - (a: Money) -> Money { Money(raw: -a.raw) }

    /// `self × bps / 10,000`, rounded up (fees are never under-charged).
    public func basisPoints(_ bps: Int64) -> Money {
        Money(raw: FixedPoint.mulDiv(raw, bps, 10_000, rounding: .up) ?? 0)
    }

    /// Approximate value for statistics and charts only, never for accounting.
    public var doubleValue: Double { Double(raw) / Double(FixedPoint.scale) }
}
