/// The arithmetic shared by ``Price``, ``Quantity`` and ``Money``: a signed integer count of
/// 10⁻⁸ units (as NautilusTrader keeps a raw integer at a fixed scale), plus a display precision.
/// No floating point touches money; every operation that could overflow is checked.
public enum FixedPoint {
    /// Decimal places of the raw integer.
    public static let decimals = 8
    /// Raw units per whole unit.
    public static let scale: Int64 = 100_000_000

    /// Parses `"-12.345"`-style decimal text exactly; nil on anything else. Digits beyond the 8th
    /// decimal make it nil, unless `roundExcess` is set: then they are rounded half-even (for bar
    /// files, whose volumes and prices sometimes carry binary floating-point noise).
    public static func parse(_ text: Substring, roundExcess: Bool = false) -> (raw: Int64, precision: UInt8)? {
        var utf8 = text.utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        } else if utf8.first == UInt8(ascii: "+") {
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty else { return nil }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        var excess: [UInt8] = []
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            digits += 1
            if seenPoint {
                guard fractionDigits < decimals else {
                    guard roundExcess else { return nil }
                    excess.append(byte - UInt8(ascii: "0"))
                    continue
                }
                fraction = fraction * 10 + digit
                fractionDigits += 1
            } else {
                let (times, o1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                whole = sum
            }
        }
        guard digits > 0 else { return nil }
        for _ in fractionDigits..<decimals { fraction *= 10 }
        if let first = excess.first {
            let rest = excess.dropFirst().contains { $0 != 0 }
            if first > 5 || (first == 5 && (rest || fraction & 1 == 1)) { fraction += 1 }
        }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: scale)
        let (raw, o2) = scaled.addingReportingOverflow(fraction)
        guard !o1, !o2 else { return nil }
        return (negative ? -raw : raw, UInt8(fractionDigits))
    }

    /// Decimal text of `raw` with exactly `precision` decimals (rounded half-even if fewer than 8).
    public static func format(_ raw: Int64, precision: UInt8) -> String {
        let places = Int(min(precision, UInt8(decimals)))
        let divisor = pow10(decimals - places)
        let value = divide(raw, by: divisor, rounding: .toNearestOrEven) ?? raw / divisor
        let magnitude = value.magnitude
        let unit = UInt64(pow10(places))
        var text = value < 0 ? "-" : ""
        text += String(magnitude / unit)
        if places > 0 {
            let fraction = String(magnitude % unit)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }

    static func pow10(_ n: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<n { value *= 10 }
        return value
    }

    /// `a × b / scale` in 128-bit precision, rounded; nil if the result does not fit.
    @inlinable
    static func multiply(_ a: Int64, _ b: Int64, rounding: FloatingPointRoundingRule = .toNearestOrEven) -> Int64? {
        mulDiv(a, b, scale, rounding: rounding)
    }

    /// `a × scale / b` in 128-bit precision, rounded; nil if `b` is 0 or the result does not fit.
    @inline(__always)
    static func divide(_ a: Int64, _ b: Int64, rounding: FloatingPointRoundingRule = .toNearestOrEven) -> Int64? {
        mulDiv(a, scale, b, rounding: rounding)
    }

    /// `a / b` rounded as asked; nil if `b` is 0.
    static func divide(_ a: Int64, by b: Int64, rounding: FloatingPointRoundingRule) -> Int64? {
        mulDiv(a, 1, b, rounding: rounding)
    }

    /// `a × b / c` with a 128-bit intermediate and explicit rounding; nil on overflow or `c == 0`.
    @inlinable
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64, rounding: FloatingPointRoundingRule) -> Int64? {
        guard c != 0 else { return nil }
        let negative = (a < 0) != (b < 0) ? c > 0 : c < 0
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = c.magnitude
        // The quotient fits in 64 bits only if the high word is below the divisor.
        guard product.high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var magnitude = quotient
        if remainder != 0 {
            let twice = remainder.multipliedReportingOverflow(by: 2)
            let aboveHalf = twice.overflow || twice.partialValue > divisor
            let exactlyHalf = !twice.overflow && twice.partialValue == divisor
            let roundAwayFromZero: Bool
            switch rounding {
            case .toNearestOrEven: roundAwayFromZero = aboveHalf || (exactlyHalf && quotient & 1 == 1)
            case .toNearestOrAwayFromZero: roundAwayFromZero = aboveHalf || exactlyHalf
            case .awayFromZero: roundAwayFromZero = true
            case .towardZero: roundAwayFromZero = false
            case .down: roundAwayFromZero = negative
            case .up: roundAwayFromZero = !negative
            @unknown default: roundAwayFromZero = aboveHalf
            }
            if roundAwayFromZero { magnitude += 1 }
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// `raw` rounded to a multiple of `increment` (a tick or a lot).
    static func round(_ raw: Int64, toMultipleOf increment: Int64, rounding: FloatingPointRoundingRule) -> Int64? {
        guard increment > 0 else { return raw }
        guard let units = divide(raw, by: increment, rounding: rounding) else { return nil }
        let (value, overflow) = units.multipliedReportingOverflow(by: increment)
        return overflow ? nil : value
    }
}

/// A fixed-point value shown with a precision: what ``Price`` and ``Quantity`` share.
public protocol FixedPointValue: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Raw 10⁻⁸ units.
    var raw: Int64 { get set }
    /// Decimal places for display.
    var precision: UInt8 { get set }
    init(raw: Int64, precision: UInt8)
}

extension FixedPointValue {
    /// Parses decimal text such as `"64250.10"`; nil if it is not a decimal number of at most 8 places.
    public init?(_ text: some StringProtocol) {
        guard let (raw, precision) = FixedPoint.parse(Substring(text)) else { return nil }
        self.init(raw: raw, precision: precision)
    }

    /// A whole number of units.
    public init(units: Int64, precision: UInt8 = 0) {
        self.init(raw: units * FixedPoint.scale, precision: precision)
    }

    public var description: String { FixedPoint.format(raw, precision: precision) }

    // Equality, order and hashing look at the value only: 1.5 and 1.50 are the same price.
    public static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
    public static func == (a: Self, b: Self) -> Bool { a.raw == b.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }

    /// Approximate value for statistics and charts only, never for accounting.
    public var doubleValue: Double { Double(raw) / Double(FixedPoint.scale) }
}
