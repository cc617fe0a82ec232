import SignalSubscriber
import Trader

extension RiskLimits {
    /// These limits with a mirror's own caps folded in, the stricter of each: `mirror.max_notional`
    /// becomes `max_order_notional` and `mirror.max_position` (by the publisher's symbol or the
    /// subscriber's) a `max_position` of the subscriber's symbol, so the gate enforces them on
    /// every mirrored order whatever price or quantity the signal carries, working and same-step
    /// orders counted.
    func tightened(by mirror: MirrorSettings) -> RiskLimits {
        var limits = self
        if let cap = mirror.maxNotional, cap.raw > 0 {
            limits.maxOrderNotional = limits.maxOrderNotional.map { Swift.min($0, cap) } ?? cap
        }
        for (symbol, cap) in mirror.maxPosition {
            let own = mirror.symbolMap[symbol] ?? symbol
            limits.maxPosition[own] = limits.maxPosition[own].map { Swift.min($0, cap) } ?? cap
        }
        return limits
    }
}
