/// Fast/slow simple-moving-average crossover on one instrument: when the fast average crosses
/// above the slow one, hold `weight` of equity long; when it crosses below, go flat (long-only) or
/// hold `weight` short. Averages are kept incrementally in integers: O(1) per bar, no allocation.
public struct SMACross: Strategy, Sendable {
    public let fast: Int
    public let slow: Int
    public let longOnly: Bool
    public let weight: Weight
    public let instrument: Int

    private var window: [Int64]
    private var next = 0
    private var seen = 0
    private var fastSum: Int64 = 0
    private var slowSum: Int64 = 0
    /// +1 fast above slow, -1 below, 0 not yet known.
    private var regime: Int8 = 0

    public init(
        fast: Int = 10, slow: Int = 30, longOnly: Bool = false, weight: Weight = Weight(raw: 95_000_000), instrument: Int = 0
    ) throws {
        guard fast >= 1, slow > fast else {
            throw TraderError(.invalidStrategy, "sma-cross needs 1 ≤ fast < slow (got fast=\(fast), slow=\(slow))")
        }
        guard weight.raw > 0, weight.raw <= FixedPoint.scale else {
            throw TraderError(.invalidStrategy, "sma-cross weight must be in (0, 1] (got \(weight)); there is no leverage")
        }
        self.fast = fast
        self.slow = slow
        self.longOnly = longOnly
        self.weight = weight
        self.instrument = instrument
        self.window = Array(repeating: 0, count: slow)
    }

    public mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        guard bar.instrument == instrument else { return }
        let price = bar.close.raw
        let leaving = window[next]
        let leavingFast = window[(next + slow - fast) % slow]
        window[next] = price
        next = next + 1 == slow ? 0 : next + 1
        seen += 1
        slowSum += price - (seen > slow ? leaving : 0)
        fastSum += price - (seen > fast ? leavingFast : 0)
        guard seen >= slow else { return }
        // fastSum/fast vs slowSum/slow, compared without division.
        let (left, o1) = fastSum.multipliedReportingOverflow(by: Int64(slow))
        let (right, o2) = slowSum.multipliedReportingOverflow(by: Int64(fast))
        guard !o1, !o2 else { return }
        let now: Int8 = left > right ? 1 : (left < right ? -1 : regime)
        defer { regime = now }
        guard regime != 0, now != regime else { return }
        if now > 0 {
            context.setTarget(instrument, weight: weight, tag: "sma-cross up")
        } else if longOnly {
            context.setTarget(instrument, quantity: .zero, tag: "sma-cross down")
        } else {
            context.setTarget(instrument, weight: Weight(raw: -weight.raw), tag: "sma-cross down")
        }
    }
}
