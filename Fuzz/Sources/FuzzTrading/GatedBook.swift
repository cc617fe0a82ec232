import FuzzSupport
import Trader

/// One run's risk gate with the orders it let through, checked from outside: every order the gate
/// passes or trims respects `risk.max_order_notional` and `risk.max_position` (working orders
/// counted at their worst, as the gate promises), and in close-only or flat mode never grows a
/// position (nor turns it past zero).
public struct GatedBook {
    let gate: RiskGate
    let limits: RiskLimits
    /// Working buys and sells the gate let through, raw units by instrument (kept here, not read from the gate).
    var buys = [Int128](repeating: 0, count: World.instruments.count)
    var sells = [Int128](repeating: 0, count: World.instruments.count)
    var next = 0

    public init(limits: RiskLimits) {
        self.limits = limits
        gate = RiskGate(limits: limits, instruments: World.instruments)
    }

    /// Hands `order` to the gate as a strategy's order would be, and checks what comes out.
    public mutating func submit(_ instrument: Int, _ side: Side, _ quantity: Quantity, _ type: OrderType, time: Int64) {
        next += 1
        let order = Order(
            id: "fuzz-\(next)", instrument: instrument, side: side, quantity: quantity, type: type, createdAt: time, tag: "signal:alpha/1")
        let passed: Order
        switch gate.check(order, book: World.book, marks: World.marks, time: time) {
        case .refused:
            return
        case .pass(let same):
            expect(same == order, "the gate passed an order it changed: \(order) became \(same)")
            passed = same
        case .trimmed(let smaller, let note):
            expect(
                smaller.quantity.raw < order.quantity.raw,
                "trimmed without getting smaller (\(note)): \(order.quantity) → \(smaller.quantity)")
            passed = smaller
        }
        expect(
            passed.instrument == order.instrument && passed.side == order.side && passed.type == order.type && passed.id == order.id,
            "the gate changed more than the quantity: \(order) became \(passed)")
        expect(passed.quantity.raw > 0, "the gate let through a quantity of \(passed.quantity)")
        checkCaps(passed)
        gate.submitted(passed)
        if side == .buy { buys[instrument] += Int128(passed.quantity.raw) } else { sells[instrument] += Int128(passed.quantity.raw) }
    }

    private func checkCaps(_ order: Order) {
        let index = order.instrument, symbol = World.instruments[index].symbol
        let q = Int128(order.quantity.raw), scale = Int128(FixedPoint.scale)
        if let cap = limits.maxOrderNotional {
            let price = max(Int128(order.type.price?.raw ?? 0), Int128(World.marks[index].raw))
            expect(q * price / scale <= Int128(cap.raw), "order \(order.quantity) \(symbol) at \(price) is past max_order_notional \(cap)")
        }
        let position = Int128(World.book.positions[index].quantity.raw)
        let before = max(abs(position + buys[index]), abs(position - sells[index]))
        let after = order.side == .buy
            ? max(abs(position + buys[index] + q), abs(position - sells[index]))
            : max(abs(position + buys[index]), abs(position - sells[index] - q))
        if let cap = limits.maxPosition[symbol] {
            expect(
                after <= Int128(cap.raw) || after <= before,
                "\(order.side) \(order.quantity) \(symbol) takes the worst position from \(before) to \(after), past max_position \(cap)")
        }
        if limits.mode != .normal {  // close-only, or flat (close-only once flattened)
            let room = order.side == .buy ? -position - buys[index] : position - sells[index]
            expect(q <= room, "close-only let through \(order.side) \(order.quantity) \(symbol) with room for \(room) only")
        }
    }
}
