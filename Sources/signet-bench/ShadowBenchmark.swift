import Foundation
import Logging
import SignetApp
import Trader

/// A live run (sma-cross 10/30, replayed as fast as possible, journal synced every step) with and
/// without its shadow simulation: what the shadow adds to each live step (a second strategy call,
/// a comparison, a row in the tracking table).
enum ShadowBenchmark {
    static func run(bars count: Int) async throws -> (plain: Double, shadowed: Double) {
        let bars = Array(RandomWalk(seed: 7, count: count))
        let instrument = try Instrument(
            symbol: "SYN/USD", tickSize: Price(raw: 1_000_000, precision: 2), lotSize: Quantity(raw: 1_000_000, precision: 2))
        func once(shadow: Bool) async throws -> Double {
            let home = FileManager.default.temporaryDirectory.appendingPathComponent("signet-bench-shadow-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: home) }
            var configuration = LiveRunConfiguration(
                name: "bench", home: home, schedule: try RebalanceSchedule(parsing: "1m"), instruments: [instrument],
                cash: Money(units: 10_000), paper: .init(feeBasisPoints: 10, slippageBasisPoints: 1), barMilliseconds: 60_000,
                consoleLevel: .critical)
            if shadow { configuration.shadow = ShadowConfiguration(paper: configuration.paper) }
            let clock = ContinuousClock()
            let start = clock.now
            try await LiveRun(
                strategy: try SMACross(fast: 10, slow: 30), feed: ReplayFeed(bars: bars, speed: 0), configuration: configuration
            ).run()
            let elapsed = clock.now - start
            return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        var best = (plain: 0.0, shadowed: 0.0)
        for _ in 0..<3 {
            best.plain = max(best.plain, try await once(shadow: false))
            best.shadowed = max(best.shadowed, try await once(shadow: true))
        }
        return best
    }
}
