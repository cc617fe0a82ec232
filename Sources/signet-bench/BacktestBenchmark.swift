import SignetApp
import Trader

/// `sma-cross` 10/30 over synthetic one-minute bars with full order, fill and portfolio
/// accounting (paper broker, fees, equity recorded every bar). Bar generation is not timed.
enum BacktestBenchmark {
    static func run(bars count: Int) throws -> (barsPerSecond: Double, trades: Int, seconds: Double, endEquity: Money) {
        let bars = Array(RandomWalk(seed: 42, count: count))
        let instrument = try Instrument(
            symbol: "SYN/USD", tickSize: Price(raw: 1_000_000, precision: 2), lotSize: Quantity(raw: 1_000_000, precision: 2))
        let setup = try BacktestSetup(
            instruments: [instrument], cash: Money(units: 10_000), broker: .init(feeBasisPoints: 10, slippageBasisPoints: 1))
        var best: (Double, Int, Double, Money) = (0, 0, 0, .zero)
        for _ in 0..<5 {
            let strategy = try SMACross(fast: 10, slow: 30)
            let clock = ContinuousClock()
            let start = clock.now
            let result = Backtest.run(strategy, bars: bars, setup: setup)
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = Double(result.bars) / seconds
            if rate > best.0 { best = (rate, result.summary.trades, seconds, result.summary.endEquity) }
        }
        return best
    }
}
