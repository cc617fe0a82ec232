import SignalWire
import Trader

/// `mode: target` mirroring: holds the publisher's target weights scaled to the subscriber's own
/// equity, under the subscriber's policy (symbol map, allow and deny lists, maximum position,
/// reverse, maximum signal age and price deviation, lot rounding). Pure arithmetic on fixed-point
/// amounts: the same snapshot and state always give the same positions, so applying a snapshot
/// twice changes nothing, and a missed signal heals at the next snapshot.
public struct TargetMirror: Sendable {
    /// One of the subscriber's instruments, as the mirror needs it.
    public struct Market: Sendable {
        public var price: Price
        public var lot: Quantity
        public var minimum: Quantity

        public init(price: Price, lot: Quantity, minimum: Quantity) {
            self.price = price
            self.lot = lot
            self.minimum = minimum
        }
    }

    public let policy: MirrorSettings

    public init(policy: MirrorSettings) { self.policy = policy }

    public struct Plan: Sendable, Equatable {
        /// Own symbol → the position to hold.
        public var positions: [String: Quantity] = [:]
        /// Publisher symbol → why it was left alone.
        public var skipped: [String: String] = [:]
    }

    /// The positions to hold for `targets` (sent at `signalTime`), given the subscriber's
    /// equity and markets (by own symbol), at `now` (Unix ms).
    public func plan(targets: [TargetsSignal.Target], signalTime: Int64, now: Int64, equity: Money, markets: [String: Market]) -> Plan {
        var plan = Plan()
        if let maxAge = policy.maxSignalAgeMilliseconds, now - signalTime > maxAge {
            let reason = "stale (\((now - signalTime) / 1000) s old, max_signal_age \(policy.maxSignalAgeText))"
            for target in targets { plan.skipped[target.symbol] = reason }
            return plan
        }
        for target in targets {
            let symbol = policy.symbolMap[target.symbol] ?? target.symbol
            if !policy.allow.isEmpty && !policy.allow.contains(symbol) && !policy.allow.contains(target.symbol) {
                plan.skipped[target.symbol] = "not in mirror.allow"
                continue
            }
            if policy.deny.contains(symbol) || policy.deny.contains(target.symbol) {
                plan.skipped[target.symbol] = "in mirror.deny"
                continue
            }
            guard let market = markets[symbol], market.price.raw > 0 else {
                plan.skipped[target.symbol] = "no market \(symbol) on this broker (add a mirror.symbol_map entry)"
                continue
            }
            if let limit = policy.maxPriceDeviation, target.price.raw > 0 {
                let deviation = abs(Int128(market.price.raw) - Int128(target.price.raw)) * 10_000 / Int128(target.price.raw)
                if deviation > Int128(limit) {
                    plan.skipped[target.symbol] =
                        "price \(market.price) is \(deviation) bp from the publisher's \(target.price) (max_price_deviation \(limit))"
                    continue
                }
            }
            // Raw quantity = weight × equity × scale ÷ (scale × price); weight, equity and price all
            // count 10⁻⁸ units, so the scales cancel exactly and the truncated quotient is the same
            // integer (for micro-precision weights, the same as the former micro-weight formula).
            // Without them the product of two Int64 always fits Int128: no weight a publisher sends can trap.
            var raw = Int128(target.weight.raw) * Int128(equity.raw) / Int128(market.price.raw)
            if policy.reverse { raw = -raw }
            if let cap = policy.maxPosition[symbol] ?? policy.maxPosition[target.symbol] {
                raw = max(min(raw, Int128(cap.raw)), -Int128(cap.raw))
            }
            if market.lot.raw > 0 { raw -= raw % Int128(market.lot.raw) }  // toward zero: never more than the target
            if abs(raw) < Int128(market.minimum.raw) { raw = 0 }
            plan.positions[symbol] = Quantity(raw: Int64(clamping: raw), precision: market.lot.precision)
        }
        return plan
    }
}
