/// When live and shadow count as diverged.
public struct ShadowThresholds: Sendable, Hashable {
    /// Equity difference, basis points of the live equity.
    public var equityBasisPoints: Int64
    /// A fill's price difference, basis points of the shadow's price.
    public var fillPriceBasisPoints: Int64
    /// Position difference allowed, in lots of the instrument (0: positions must be equal).
    public var positionLots: Int64

    public init(equityBasisPoints: Int64 = 10, fillPriceBasisPoints: Int64 = 10, positionLots: Int64 = 0) {
        self.equityBasisPoints = equityBasisPoints
        self.fillPriceBasisPoints = fillPriceBasisPoints
        self.positionLots = positionLots
    }
}

/// One step's comparison of a live run with its shadow.
public struct ShadowComparison: Sendable, Equatable {
    /// The step's bar time (Unix ms), or the exit time.
    public var time: Int64
    public var liveEquity: Money
    public var shadowEquity: Money
    public var liveCash: Money
    public var shadowCash: Money
    /// Instruments whose positions differ: symbol, live, shadow.
    public var positions: [PositionDifference]
    /// This step's fills that differ (price, quantity, or present on one side only).
    public var fills: [FillDifference]
    /// Why it counts as diverged (empty: within thresholds).
    public var reasons: [String]

    public var diverged: Bool { !reasons.isEmpty }

    public struct PositionDifference: Sendable, Equatable {
        public var symbol: String
        public var live: Quantity
        public var shadow: Quantity
    }

    public struct FillDifference: Sendable, Equatable {
        public var orderID: String
        public var symbol: String
        /// Nil when that side has no fill for the order this step.
        public var live: Fill?
        public var shadow: Fill?
        /// Live price against shadow price, basis points (buy: positive is worse for the trader).
        public var slippageBasisPoints: Int64?
    }

    /// Fills not matched by the other side yet: a venue fills a market order at once, the shadow's
    /// paper broker at the next bar, so an order may fill one step apart on the two sides.
    public var unmatchedLive: [Fill] = []
    public var unmatchedShadow: [Fill] = []

    /// Compares books and this step's fills against `thresholds`. `pendingLive` and `pendingShadow`
    /// are the previous step's unmatched fills: a fill counts as missing on the other side only once
    /// it was already pending, and positions and equity are compared without the fills still
    /// unmatched (what one side did a step before the other is not a divergence).
    public static func compare(
        time: Int64, instruments: [Instrument], live: Portfolio, shadow: Portfolio, marks: [Price], liveFills: [Fill], shadowFills: [Fill],
        pendingLive: [Fill] = [], pendingShadow: [Fill] = [], thresholds: ShadowThresholds
    ) -> ShadowComparison {
        let liveEquity = live.equity(marks: marks), shadowEquity = shadow.equity(marks: marks)
        var reasons: [String] = []
        var fills: [FillDifference] = []
        var unmatchedLive: [Fill] = [], unmatchedShadow: [Fill] = []
        let allShadow = pendingShadow + shadowFills
        let shadowByOrder = Dictionary(allShadow.map { ($0.orderID, $0) }, uniquingKeysWith: { a, _ in a })
        let wasPendingLive = Set(pendingLive.map(\.orderID))
        var seen: Set<String> = []
        for fill in pendingLive + liveFills {
            seen.insert(fill.orderID)
            let other = shadowByOrder[fill.orderID]
            let symbol = instruments[fill.instrument].symbol
            guard let other else {
                if wasPendingLive.contains(fill.orderID) {
                    fills.append(.init(orderID: fill.orderID, symbol: symbol, live: fill, shadow: nil, slippageBasisPoints: nil))
                    reasons.append("order \(fill.orderID) filled live but not in the shadow")
                } else {
                    unmatchedLive.append(fill)
                }
                continue
            }
            guard fill.price != other.price || fill.quantity != other.quantity else { continue }
            let bps = fill.price.slippage(against: other.price, side: fill.side) ?? 0
            fills.append(.init(orderID: fill.orderID, symbol: symbol, live: fill, shadow: other, slippageBasisPoints: bps))
            if fill.quantity != other.quantity {
                reasons.append("order \(fill.orderID) filled \(fill.quantity) live vs \(other.quantity) shadow")
            }
            if abs(bps) > thresholds.fillPriceBasisPoints {
                reasons.append("order \(fill.orderID) filled at \(fill.price) live vs \(other.price) shadow (\(bps) bp)")
            }
        }
        let wasPendingShadow = Set(pendingShadow.map(\.orderID))
        for fill in allShadow where !seen.contains(fill.orderID) {
            if wasPendingShadow.contains(fill.orderID) {
                fills.append(.init(
                    orderID: fill.orderID, symbol: instruments[fill.instrument].symbol, live: nil, shadow: fill, slippageBasisPoints: nil))
                reasons.append("order \(fill.orderID) filled in the shadow but not live")
            } else {
                unmatchedShadow.append(fill)
            }
        }
        // Without the fills the other side has not matched yet: their quantity, and their effect
        // on equity at the marks (quantity × (mark − price) − fee).
        func unmatched(_ fills: [Fill]) -> (quantities: [Int64], equity: Int64) {
            var quantities = Array(repeating: Int64(0), count: instruments.count)
            var equity: Int64 = 0
            for fill in fills where fill.instrument < instruments.count {
                quantities[fill.instrument] += fill.side.sign * fill.quantity.raw
                let mark = fill.instrument < marks.count ? marks[fill.instrument] : fill.price
                equity += Int64(Int128(fill.side.sign * fill.quantity.raw) * Int128(mark.raw - fill.price.raw) / Int128(FixedPoint.scale))
                    - fill.fee.raw
            }
            return (quantities, equity)
        }
        let (liveAhead, shadowAhead) = (unmatched(unmatchedLive), unmatched(unmatchedShadow))
        var positions: [PositionDifference] = []
        for (index, instrument) in instruments.enumerated() {
            let a = live.positions[index].quantity, b = shadow.positions[index].quantity
            guard a != b else { continue }
            positions.append(.init(symbol: instrument.symbol, live: a, shadow: b))
            let difference = (a.raw - liveAhead.quantities[index]) - (b.raw - shadowAhead.quantities[index])
            if abs(difference) > thresholds.positionLots * instrument.lotSize.raw {
                reasons.append("\(instrument.symbol) position \(a) live vs \(b) shadow")
            }
        }
        if liveEquity.raw != 0 {
            let settled = (liveEquity.raw - liveAhead.equity) - (shadowEquity.raw - shadowAhead.equity)
            let bps = Int64(Int128(settled) * 10_000 / Int128(abs(liveEquity.raw)))
            if abs(bps) > thresholds.equityBasisPoints { reasons.append("equity \(liveEquity) live vs \(shadowEquity) shadow (\(bps) bp)") }
        }
        return ShadowComparison(
            time: time, liveEquity: liveEquity, shadowEquity: shadowEquity, liveCash: live.accountCash, shadowCash: shadow.accountCash,
            positions: positions, fills: fills, reasons: reasons, unmatchedLive: unmatchedLive, unmatchedShadow: unmatchedShadow)
    }
}
