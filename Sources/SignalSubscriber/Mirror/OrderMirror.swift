import Trader

/// `mode: orders` mirroring: copies each of the publisher's orders, scaled by a fixed
/// `multiplier` or by the ratio of the subscriber's equity to the publisher's, under the same
/// policy as target mode (symbol map, allow and deny lists, maximum signal age and price
/// deviation, reverse) plus `max_notional` per order and `max_position` on the resulting
/// position. Pure arithmetic on fixed-point amounts.
public struct OrderMirror: Sendable {
    /// One of the subscriber's instruments, as the mirror needs it.
    public struct Market: Sendable {
        public var price: Price
        public var tick: Price
        public var lot: Quantity
        public var minimum: Quantity
        /// The position now, plus what working orders will add.
        public var position: Quantity

        public init(price: Price, tick: Price, lot: Quantity, minimum: Quantity, position: Quantity) {
            self.price = price
            self.tick = tick
            self.lot = lot
            self.minimum = minimum
            self.position = position
        }
    }

    /// What to do with one order signal.
    public enum Decision: Sendable, Equatable {
        case place(symbol: String, side: Side, quantity: Quantity, type: OrderType)
        case skip(String)
    }

    public let policy: MirrorSettings

    public init(policy: MirrorSettings) { self.policy = policy }

    /// The order to place for `order`, given the subscriber's equity and markets (by own symbol), at `now` (Unix ms).
    public func decide(_ order: MirrorBoard.OrderSignal, now: Int64, equity: Money, markets: [String: Market]) -> Decision {
        if let maxAge = policy.maxSignalAgeMilliseconds, now - order.sealedAt > maxAge {
            return .skip("stale (\((now - order.sealedAt) / 1000) s old, max_signal_age \(policy.maxSignalAgeText))")
        }
        let symbol = policy.symbolMap[order.symbol] ?? order.symbol
        if !policy.allow.isEmpty && !policy.allow.contains(symbol) && !policy.allow.contains(order.symbol) {
            return .skip("not in mirror.allow")
        }
        if policy.deny.contains(symbol) || policy.deny.contains(order.symbol) { return .skip("in mirror.deny") }
        guard let market = markets[symbol], market.price.raw > 0 else {
            return .skip("no market \(symbol) on this broker (add a mirror.symbol_map entry)")
        }
        if let limit = policy.maxPriceDeviation, order.price.raw > 0 {
            let deviation = abs(Int128(market.price.raw) - Int128(order.price.raw)) * 10_000 / Int128(order.price.raw)
            if deviation > Int128(limit) {
                return .skip("price \(market.price) is \(deviation) bp from the publisher's \(order.price) (max_price_deviation \(limit))")
            }
        }
        var raw = Int128(order.quantity.raw)
        switch policy.multiplier {
        case nil:
            break
        case "equity":
            guard let theirs = order.publisherEquity, theirs.raw > 0 else {
                return .skip(
                    "multiplier equity: the publisher's equity is not known yet (it comes with its first targets or equity signal)")
            }
            raw = raw * Int128(equity.raw) / Int128(theirs.raw)
        case let text?:
            guard let factor = Quantity(text), factor.raw > 0 else {
                return .skip("mirror.multiplier '\(text)' is neither 'equity' nor a positive decimal")
            }
            raw = raw * Int128(factor.raw) / Int128(FixedPoint.scale)
        }
        let side = policy.reverse ? order.side.opposite : order.side
        if let cap = policy.maxNotional, cap.raw > 0 {
            let price = Int128(order.limit?.raw ?? market.price.raw)
            raw = min(raw, Int128(cap.raw) * Int128(FixedPoint.scale) / price)
        }
        if let cap = policy.maxPosition[symbol] ?? policy.maxPosition[order.symbol] {
            // Only as much as keeps |position| within the cap; trades that reduce the position always pass.
            let position = Int128(market.position.raw), limit = Int128(cap.raw)
            let room = side == .buy ? limit - position : limit + position
            raw = min(raw, max(room, 0))
            if raw == 0 { return .skip("max_position \(cap) for \(symbol) reached (position \(market.position))") }
        }
        if market.lot.raw > 0 { raw -= raw % Int128(market.lot.raw) }  // toward zero: never more than asked
        guard raw > 0, raw >= Int128(market.minimum.raw) else {
            return .skip(
                "scaled quantity \(Quantity(raw: Int64(clamping: raw), precision: market.lot.precision)) "
                    + "is below the minimum \(market.minimum) of \(symbol)")
        }
        let quantity = Quantity(raw: Int64(clamping: raw), precision: market.lot.precision)
        let type: OrderType
        switch (order.type, order.limit) {
        case ("limit", let price?):
            // Rounded to the own tick on the side that never pays more than the publisher asked.
            guard let rounded = price.rounded(toTick: market.tick, side == .buy ? .down : .up) else {
                return .skip("limit price \(price) overflows")
            }
            type = .limit(rounded)
        case ("stop", let price?):
            guard let rounded = price.rounded(toTick: market.tick, side == .buy ? .up : .down) else {
                return .skip("stop price \(price) overflows")
            }
            type = .stop(rounded)
        case ("market", _):
            type = .market
        default:
            return .skip("order type \(order.type) is not copied")
        }
        return .place(symbol: symbol, side: side, quantity: quantity, type: type)
    }
}
