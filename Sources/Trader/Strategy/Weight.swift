/// A fraction of equity for ``StrategyContext/setTarget(_:weight:)``: 10⁻⁸ units, `1` = 100 %,
/// negative for short. Parsed from decimal text, never from floating point.
public struct Weight: Hashable, Sendable, CustomStringConvertible {
    public var raw: Int64

    public init(raw: Int64) { self.raw = raw }

    /// Parses `"0.25"`, `"-1"`; nil otherwise.
    public init?(_ text: some StringProtocol) {
        guard let (raw, _) = FixedPoint.parse(Substring(text)) else { return nil }
        self.raw = raw
    }

    public static let zero = Weight(raw: 0)
    public static let full = Weight(raw: FixedPoint.scale)

    public var description: String { FixedPoint.format(raw, precision: 4) }
}
