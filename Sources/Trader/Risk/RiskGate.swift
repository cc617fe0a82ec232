import Foundation

/// The one pre-trade check: every order any strategy hands to any broker passes here first
/// (backtest, live, publish, mirror). Orders that would break a ``RiskLimits`` limit are trimmed
/// or refused, with the limit named; positions count working orders and the orders of the same
/// step at their worst, so a burst cannot add up past a cap. A daily loss or an equity floor
/// switches the run to close-only (a stopout) until the owner resets it.
///
/// Confined to its kernel's thread. All arithmetic on amounts is done in 128 bits or checked: no
/// order, price or weight can make it trap.
public final class RiskGate {
    /// What the gate decided about one order.
    public enum Decision: Equatable, Sendable {
        case pass(Order)
        /// Sent with a smaller quantity; the message says which limit and what was cut.
        case trimmed(Order, String)
        case refused(String)
    }

    /// Why a run went close-only, and when (Unix ms).
    public struct Stopout: Sendable, Equatable, Codable {
        public var reason: String
        public var time: Int64

        public init(reason: String, time: Int64) {
            self.reason = reason
            self.time = time
        }
    }

    public let limits: RiskLimits
    let instruments: [Instrument]
    /// Orders the gate let through that may still trade, by id, with what is left of them.
    var open: [String: Order] = [:]
    /// The run's stopout, if any: it holds until the owner resets it.
    public private(set) var stopout: Stopout?
    /// Equity at the first check of the current UTC day.
    var dayStart: (day: Int64, equity: Int128)?
    /// Refusals and trims by limit name, for `signet status` and tests.
    public private(set) var counts: [String: Int] = [:]
    /// Called once when a stopout starts (the live runner records it in the run's folder).
    public var onStopout: ((Stopout) -> Void)?
    /// Whether `mode: flat` has closed the positions already.
    public var flattened = false

    public init(limits: RiskLimits, instruments: [Instrument], stopout: Stopout? = nil) {
        self.limits = limits
        self.instruments = instruments
        self.stopout = stopout
    }

    /// The mode in force: a stopout makes any mode at least close-only.
    public var mode: RiskLimits.Mode {
        if limits.mode == .flat { return .flat }
        return stopout != nil ? .closeOnly : limits.mode
    }

    /// Checks `order` against every limit, with the book and marks as they are now.
    public func check(_ order: Order, book: Portfolio, marks: [Price], time: Int64) -> Decision {
        guard order.instrument >= 0, order.instrument < instruments.count, order.instrument < marks.count else {
            return refuse("unknown_instrument", "instrument #\(order.instrument) is not traded in this run")
        }
        guard order.quantity.raw > 0 else { return refuse("invalid_quantity", "the quantity must be positive") }
        let symbol = instruments[order.instrument].symbol
        if limits.deny.contains(symbol) { return refuse("deny", "\(symbol) is in risk.deny") }
        if !limits.allow.isEmpty, !limits.allow.contains(symbol) { return refuse("allow", "\(symbol) is not in risk.allow") }
        review(book: book, marks: marks, time: time)
        if let refusal = checkPriceBand(order, marks: marks) { return refusal }
        var allowed = order.quantity.raw
        var notes: [String] = []
        for limit in [closeOnlyLimit, notionalLimit, positionLimit, leverageLimit] {
            switch limit(order, allowed, book, marks) {
            case .fits:
                continue
            case .capped(let quantity, let name, let message, let breach):
                let lot = instruments[order.instrument].lotSize.raw
                let rounded = lot > 0 ? quantity - quantity % lot : quantity
                guard breach == .trim, rounded > 0 else { return refuse(name, message) }
                if rounded < allowed {
                    allowed = rounded
                    notes.append(message)
                    counts["trimmed: \(name)", default: 0] += 1
                }
            }
        }
        guard allowed < order.quantity.raw else { return .pass(order) }
        var trimmed = order
        trimmed.quantity = Quantity(raw: allowed, precision: order.quantity.precision)
        return .trimmed(trimmed, "trimmed from \(order.quantity) to \(trimmed.quantity): " + notes.joined(separator: "; "))
    }

    /// Notes an order the broker was handed (after ``check(_:book:marks:time:)`` let it through).
    public func submitted(_ order: Order) {
        open[order.id] = order
    }

    /// Follows the broker's answers: what filled or ended no longer counts as working.
    public func observe(_ event: BrokerEvent) {
        switch event {
        case .accepted(let order):
            // A partly filled order is accepted again with what is left.
            if open[order.id] != nil { open[order.id] = order }
        case .filled(let fill):
            guard var order = open[fill.orderID] else { return }
            order.quantity.raw -= min(fill.quantity.raw, order.quantity.raw)
            open[fill.orderID] = order.quantity.raw > 0 ? order : nil
        case .rejected(let order, _, _), .cancelled(let order, _):
            open[order.id] = nil
        }
    }

    /// Starts the day's loss count and checks the stopout triggers (called before every order and
    /// at every step).
    public func review(book: Portfolio, marks: [Price], time: Int64) {
        let equity = Self.equity(book, marks: marks)
        let day = time / 86_400_000
        if dayStart?.day != day { dayStart = (day, equity) }
        guard stopout == nil else { return }
        if let floor = limits.equityFloor, equity < Int128(floor.raw) {
            startStopout("equity \(Self.format(equity)) is below risk.equity_floor \(floor)", time: time)
        } else if let limit = limits.dailyLossLimit, let start = dayStart?.equity, start - equity > Int128(limit.raw) {
            let loss = Self.format(start - equity)
            startStopout("the loss since the start of the UTC day, \(loss), is past risk.daily_loss_limit \(limit)", time: time)
        }
    }

    private func startStopout(_ reason: String, time: Int64) {
        let stop = Stopout(reason: reason, time: time)
        stopout = stop
        counts["stopout", default: 0] += 1
        onStopout?(stop)
    }

    func refuse(_ name: String, _ message: String) -> Decision {
        counts["refused: \(name)", default: 0] += 1
        return .refused("risk.\(name): \(message)")
    }
}
