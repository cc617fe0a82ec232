import FuzzSupport
import SignalSubscriber
import SignalWire
import Trader

/// What a subscriber does with a decoded `order` or `targets` payload, as MirrorIntake and
/// MirrorStrategy do it, in the fixed ``World``, with the properties each step promises checked on
/// the way. The payload harness varies the signal; the settings harness varies the policy and limits.
public enum Mirroring {
    static let id = MirrorBoard.SignalID(publisher: "desk", channel: "alpha", sequence: 1)

    /// `mode: orders`: the order signal through each policy (OrderMirror), then each placed order through each gate.
    public static func copy(_ order: OrderSignal, time: Int64, policies: [MirrorSettings], limits: [RiskLimits]) {
        let now = time + 1_000
        let signal = MirrorBoard.OrderSignal(
            symbol: order.symbol, side: order.side, quantity: order.quantity, type: order.type.rawValue, limit: order.limit,
            price: order.price, sealedAt: time, id: id, publisherEquity: World.publisherEquity, time: time)
        var markets: [String: OrderMirror.Market] = [:]
        for (index, instrument) in World.instruments.enumerated() {
            markets[instrument.symbol] = .init(
                price: World.marks[index], tick: instrument.tickSize, lot: instrument.lotSize, minimum: instrument.minimumQuantity,
                position: World.book.positions[index].quantity)
        }
        for policy in policies {
            guard case .place(let symbol, let side, let quantity, let type) = OrderMirror(policy: policy)
                .decide(signal, now: now, equity: World.equity, markets: markets)
            else { continue }
            guard let index = World.instruments.firstIndex(where: { $0.symbol == symbol }), let market = markets[symbol] else {
                violated("OrderMirror placed an order on \(symbol), which is not one of the subscriber's markets")
            }
            checkPlaced(order, policy, market, symbol: symbol, side: side, quantity: quantity, type: type)
            for limit in limits {
                var book = GatedBook(limits: limit)
                book.submit(index, side, quantity, type, time: now)
            }
        }
    }

    /// OrderMirror's own promises: a positive quantity on the lot, at least the minimum, within
    /// `max_notional` at the price it sized with, within `max_position` (or reducing), the side the
    /// policy asks for, prices on the tick and rounded on the side that never pays more.
    static func checkPlaced(
        _ order: OrderSignal, _ policy: MirrorSettings, _ market: OrderMirror.Market, symbol: String, side: Side, quantity: Quantity,
        type: OrderType
    ) {
        let q = Int128(quantity.raw)
        expect(q > 0 && q >= Int128(market.minimum.raw), "placed \(quantity) \(symbol), under the minimum \(market.minimum)")
        expect(q % Int128(market.lot.raw) == 0, "placed \(quantity) \(symbol), not a multiple of the lot \(market.lot)")
        expect(side == (policy.reverse ? order.side.opposite : order.side), "placed a \(side) for a \(order.side) signal")
        if let cap = policy.maxNotional, cap.raw > 0 {
            let price = Int128(order.limit?.raw ?? market.price.raw)
            expect(
                q * price / Int128(FixedPoint.scale) <= Int128(cap.raw),
                "placed \(quantity) \(symbol) at \(price), past max_notional \(cap)")
        }
        if let cap = policy.maxPosition[symbol] ?? policy.maxPosition[order.symbol] {
            let position = Int128(market.position.raw), after = position + (side == .buy ? q : -q)
            expect(
                abs(after) <= abs(Int128(cap.raw)) || abs(after) < abs(position),
                "placed \(side) \(quantity) \(symbol) from \(market.position): past max_position \(cap)")
        }
        switch (type, order.limit) {
        case (.limit(let price), let asked?):
            expect(price.raw % market.tick.raw == 0, "limit \(price) is not on the tick \(market.tick)")
            expect(side == .buy ? price.raw <= asked.raw : price.raw >= asked.raw, "limit \(asked) rounded the wrong way to \(price)")
        case (.stop(let price), let asked?):
            expect(price.raw % market.tick.raw == 0, "stop \(price) is not on the tick \(market.tick)")
            expect(side == .buy ? price.raw >= asked.raw : price.raw <= asked.raw, "stop \(asked) rounded the wrong way to \(price)")
        case (.market, _):
            break
        default:
            violated("placed a \(type) order for a \(order.type) signal")
        }
    }

    /// `mode: target`: the snapshot through each policy (TargetMirror), then each position's
    /// difference from the book (as `StrategyContext.setTarget` trades it) through each gate.
    public static func hold(_ targets: TargetsSignal, time: Int64, policies: [MirrorSettings], limits: [RiskLimits]) {
        let now = time + 1_000
        var markets: [String: TargetMirror.Market] = [:]
        for (index, instrument) in World.instruments.enumerated() {
            markets[instrument.symbol] = .init(price: World.marks[index], lot: instrument.lotSize, minimum: instrument.minimumQuantity)
        }
        for policy in policies {
            let plan = TargetMirror(policy: policy)
                .plan(targets: targets.targets, signalTime: time, now: now, equity: World.equity, markets: markets)
            var books = limits.map(GatedBook.init(limits:))
            for (symbol, target) in plan.positions.sorted(by: { $0.key < $1.key }) {
                guard let index = World.instruments.firstIndex(where: { $0.symbol == symbol }) else {
                    violated("TargetMirror planned a position in \(symbol), which is not one of the subscriber's markets")
                }
                checkPlanned(target, symbol: symbol, index: index, targets.targets, policy)
                guard let rounded = target.rounded(toLot: World.instruments[index].lotSize) else { continue }
                let (delta, overflow) = rounded.raw.subtractingReportingOverflow(World.book.positions[index].quantity.raw)
                guard !overflow, delta != 0, delta != .min else { continue }
                let quantity = Quantity(raw: abs(delta), precision: World.instruments[index].lotSize.precision)
                for book in books.indices { books[book].submit(index, delta > 0 ? .buy : .sell, quantity, .market, time: now) }
            }
        }
    }

    /// TargetMirror's own promises: a position on the lot, zero or at least the minimum, within
    /// `max_position`, and on the side of the publisher's weight (the other side with `reverse`).
    static func checkPlanned(
        _ position: Quantity, symbol: String, index: Int, _ targets: [TargetsSignal.Target], _ policy: MirrorSettings
    ) {
        let instrument = World.instruments[index]
        expect(position.raw % instrument.lotSize.raw == 0, "planned \(position) \(symbol), not a multiple of the lot")
        expect(
            position.raw == 0 || position.magnitude >= instrument.minimumQuantity, "planned \(position) \(symbol), under the minimum")
        // Two publisher symbols may map to one own symbol: the plan keeps one of them, so one must fit.
        let candidates = targets.filter { (policy.symbolMap[$0.symbol] ?? $0.symbol) == symbol }
        expect(!candidates.isEmpty, "planned \(symbol), which no target names")
        let fits = candidates.contains { target in
            let cap = policy.maxPosition[symbol] ?? policy.maxPosition[target.symbol]
            let wanted = target.weight.raw.signum() * (policy.reverse ? -1 : 1)
            let withinCap = cap.map { position.raw.magnitude <= $0.raw.magnitude } ?? true
            return withinCap && (position.raw == 0 || position.raw.signum() == wanted)
        }
        let cap = policy.maxPosition[symbol].map { "\($0)" } ?? "none"
        expect(
            fits,
            "planned \(position) \(symbol) for weights \(candidates.map(\.weight)), max_position \(cap)"
                + (policy.reverse ? ", reversed" : ""))
    }
}
