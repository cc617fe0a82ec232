/// What a run achieved. Statistics are computed in floating point from the fixed-point equity
/// series: they describe money, they are not money.
public struct PerformanceSummary: Sendable, Hashable {
    public var startEquity: Money
    public var endEquity: Money
    /// `end / start − 1`.
    public var totalReturn: Double
    /// Mean over standard deviation of per-period returns, times √(periods per year).
    public var sharpe: Double
    /// Largest peak-to-trough fall, as a fraction of the peak.
    public var maxDrawdown: Double
    public var trades: Int
    public var fees: Money
    public var rejects: Int

    /// Summarises an equity series sampled at `times` (Unix ms).
    public init(times: [Int64], equity: [Money], trades: Int, fees: Money, rejects: Int) {
        startEquity = equity.first ?? .zero
        endEquity = equity.last ?? .zero
        totalReturn = startEquity.raw > 0 ? endEquity.doubleValue / startEquity.doubleValue - 1 : 0
        self.trades = trades
        self.fees = fees
        self.rejects = rejects
        var peak = Int64.min, drawdown = 0.0
        for value in equity {
            peak = max(peak, value.raw)
            if peak > 0 { drawdown = max(drawdown, Double(peak - value.raw) / Double(peak)) }
        }
        maxDrawdown = drawdown
        var returns: [Double] = []
        returns.reserveCapacity(equity.count)
        for index in equity.indices.dropFirst() where equity[index - 1].raw > 0 {
            returns.append(Double(equity[index].raw) / Double(equity[index - 1].raw) - 1)
        }
        guard returns.count > 1, times.count > 1 else {
            sharpe = 0
            return
        }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        // The typical bar interval, from the median of (at most) the first 10,001 bars' gaps.
        let sample = times.prefix(10_001)
        let intervals = zip(sample.dropFirst(), sample).map { $0 - $1 }.sorted()
        let typical = Double(max(intervals[intervals.count / 2], 1))
        let periodsPerYear = 365.25 * 86_400_000 / typical
        sharpe = variance > 0 ? mean / variance.squareRoot() * periodsPerYear.squareRoot() : 0
    }
}
