import Synchronization
import Transport

/// Keeps Signet under Kraken's REST call counter ("Spot REST Rate Limits"): every private call adds
/// 1 (ledger and trade-history calls 2; AddOrder and CancelOrder count against the matching
/// engine's per-pair limiter instead), and the counter decays by the tier's rate. A call waits
/// until it fits, with a margin of two below the maximum, because Kraken decays "every couple of
/// seconds" in steps while this model decays continuously.
public final class KrakenCallCounter: Sendable {
    /// The account's verification tier.
    public enum Tier: String, Sendable, CaseIterable {
        case starter, intermediate, pro

        /// Maximum counter, in thousandths.
        var maximum: Int64 { self == .starter ? 15_000 : 20_000 }
        /// Decay per second, in thousandths.
        var decayPerSecond: Int64 {
            switch self {
            case .starter: 330
            case .intermediate: 500
            case .pro: 1_000
            }
        }
    }

    static let margin: Int64 = 2_000
    public let tier: Tier
    private let clock: any PacingClock
    /// The counter (thousandths) as of `at`.
    private let state: Mutex<(level: Int64, at: Duration)>

    public init(tier: Tier = .starter, clock: any PacingClock = SystemPacingClock()) {
        self.tier = tier
        self.clock = clock
        state = Mutex((0, clock.now()))
    }

    /// What `method` (`Balance`, `TradesHistory`…) adds to the counter.
    public static func cost(of method: String) -> Int64 {
        switch method {
        case "AddOrder", "AddOrderBatch", "CancelOrder", "CancelAll", "EditOrder", "AmendOrder": 0
        case "TradesHistory", "QueryTrades", "Ledgers", "QueryLedgers": 2
        default: 1
        }
    }

    /// The counter now, in calls (for logs and tests).
    public var level: Double { Double(state.withLock { decayed($0, to: clock.now()) }) / 1_000 }

    /// Waits until a call to `method` fits under the counter's maximum, then counts it.
    public func acquire(_ method: String) async throws {
        let cost = Self.cost(of: method) * 1_000
        guard cost > 0 else { return }
        while true {
            let now = clock.now()
            let wait: Int64 = state.withLock { current in
                let level = decayed(current, to: now)
                let excess = level + cost - (tier.maximum - Self.margin)
                if excess <= 0 {
                    current = (level + cost, now)
                    return 0
                }
                current = (level, now)
                return (excess * 1_000 + tier.decayPerSecond - 1) / tier.decayPerSecond  // milliseconds, rounded up
            }
            if wait == 0 { return }
            try await clock.sleep(until: now + .milliseconds(wait))
        }
    }

    private func decayed(_ current: (level: Int64, at: Duration), to now: Duration) -> Int64 {
        let elapsed = now - current.at
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return max(0, current.level - milliseconds * tier.decayPerSecond / 1_000)
    }
}
