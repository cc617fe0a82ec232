/// Fixed target weights: at every rebalance, trades each instrument back to its weight of equity
/// when it has drifted more than `band` (a fraction of equity) away, so small drifts do not churn.
public struct Rebalance: Strategy, Sendable {
    public let weights: [Weight]
    public let band: Weight

    public init(weights: [Weight], band: Weight = Weight(raw: 1_000_000)) throws {
        let total = weights.reduce(0) { $0 + abs($1.raw) }
        guard total <= FixedPoint.scale else {
            throw TraderError(
                .invalidStrategy, "rebalance weights add up to \(Weight(raw: total)) of equity; at most 1 is allowed (no leverage)")
        }
        self.weights = weights
        self.band = band
    }

    public mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        // Rebalance once all instruments have a price, on the last instrument's bar of each time step.
        guard bar.instrument == weights.count - 1, (0..<weights.count).allSatisfy({ context.price($0) != nil }) else { return }
        let equity = context.equity
        guard equity.raw > 0 else { return }
        for (instrument, weight) in weights.enumerated() {
            guard let price = context.price(instrument),
                let held = price.notional(context.position(instrument).quantity),
                let target = equity.scaled(by: weight.raw, over: FixedPoint.scale),
                let tolerance = equity.scaled(by: band.raw, over: FixedPoint.scale)
            else { continue }
            if abs(target.raw - held.raw) > tolerance.raw {
                context.setTarget(instrument, weight: weight, tag: "rebalance")
            }
        }
    }
}
