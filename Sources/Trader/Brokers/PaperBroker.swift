/// The embedded simulated broker, used by backtests, paper-live runs and shadows.
///
/// Market orders fill at the next bar's open (or the next tick), moved against the trader by the
/// slippage; limit orders fill when a bar trades through the limit, at the limit or the better open;
/// stop orders trigger when a bar trades through the stop and fill at the stop or the worse open,
/// plus slippage. Fees are basis points of notional, charged in the quote currency. Orders fill
/// whole. The account may not carry gross exposure above its equity (no leverage); shorting can be
/// turned off. Every refusal is a `.rejected` event; nothing here traps.
public final class PaperBroker: Broker {
    public struct Configuration: Sendable, Hashable {
        /// Fee on each fill, basis points of notional.
        public var feeBasisPoints: Int64
        /// Price moved against the trader on market and stop fills, basis points.
        public var slippageBasisPoints: Int64
        /// Whether positions may go short.
        public var allowShort: Bool

        public init(feeBasisPoints: Int64 = 0, slippageBasisPoints: Int64 = 0, allowShort: Bool = true) {
            self.feeBasisPoints = feeBasisPoints
            self.slippageBasisPoints = slippageBasisPoints
            self.allowShort = allowShort
        }
    }

    public let configuration: Configuration
    public let instruments: [Instrument]
    // Confined to the kernel's thread; touched at every bar, so unchecked (see StrategyContext).
    @exclusivity(unchecked) private var account: Portfolio
    @exclusivity(unchecked) private var marks: [Price]
    @exclusivity(unchecked) private var working: [Order] = []
    private var knownIDs: Set<String> = []
    @exclusivity(unchecked) private var events: [BrokerEvent] = []

    public init(instruments: [Instrument], accountCurrency: String, cash: Money, configuration: Configuration = .init()) {
        self.instruments = instruments
        self.configuration = configuration
        self.account = Portfolio(accountCurrency: accountCurrency, cash: cash, instruments: instruments.count)
        self.marks = Array(repeating: .zero, count: instruments.count)
    }

    /// Sets the account to a journal's state (restart of a named paper run).
    public func restore(cash: [String: Money], positions: [Position]) {
        account.restore(cash: cash, positions: positions)
    }

    /// Puts back orders that were working when an earlier session stopped (no events: they were
    /// accepted then).
    public func restoreWorking(_ orders: [Order]) {
        for order in orders where !knownIDs.contains(order.id) {
            knownIDs.insert(order.id)
            working.append(order)
        }
    }

    public var openOrders: [Order] { working }
    public var balances: [String: Money] { account.cash }
    /// The broker's positions.
    public var positions: [Position] { account.positions }

    public func submit(_ order: Order) {
        if let reason = validate(order) {
            events.append(.rejected(order, reason.0, reason.1))
            return
        }
        knownIDs.insert(order.id)
        working.append(order)
        events.append(.accepted(order))
    }

    public func cancel(orderID: String) {
        guard let index = working.firstIndex(where: { $0.id == orderID }) else { return }
        events.append(.cancelled(working.remove(at: index), "cancelled on request"))
    }

    public func drainEvents(into sink: inout [BrokerEvent]) {
        guard !events.isEmpty else { return }
        sink.append(contentsOf: events)
        events.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    public func process(_ bar: Bar) {
        if !working.isEmpty { match(instrument: bar.instrument, open: bar.open, high: bar.high, low: bar.low, time: bar.time) }
        marks[bar.instrument] = bar.close
    }

    public func process(_ tick: Tick) {
        if !working.isEmpty { match(instrument: tick.instrument, open: tick.price, high: tick.price, low: tick.price, time: tick.time) }
        marks[tick.instrument] = tick.price
    }

    private func match(instrument: Int, open: Price, high: Price, low: Price, time: Int64) {
        var index = 0
        while index < working.count {
            let order = working[index]
            // An order never fills on a bar that began before it existed (a bar reprocessed after a restart).
            guard order.instrument == instrument, order.createdAt <= time else {
                index += 1
                continue
            }
            if let price = executionPrice(order, open: open, high: high, low: low) {
                working.remove(at: index)
                fill(order, at: price, time: time)
            } else if order.timeInForce == .ioc {
                working.remove(at: index)
                events.append(.cancelled(order, "immediate-or-cancel order did not fill at the next price"))
            } else {
                index += 1
            }
        }
    }

    private func executionPrice(_ order: Order, open: Price, high: Price, low: Price) -> Price? {
        let tick = instruments[order.instrument].tickSize
        let slip = order.side == .buy ? configuration.slippageBasisPoints : -configuration.slippageBasisPoints
        switch order.type {
        case .market:
            return open.adjusted(byBasisPoints: slip, tick: tick)
        case .limit(let limit):
            if order.side == .buy { return low <= limit ? min(open, limit) : nil }
            return high >= limit ? max(open, limit) : nil
        case .stop(let stop):
            if order.side == .buy { return high >= stop ? max(open, stop).adjusted(byBasisPoints: slip, tick: tick) : nil }
            return low <= stop ? min(open, stop).adjusted(byBasisPoints: slip, tick: tick) : nil
        }
    }

    private func fill(_ order: Order, at price: Price, time: Int64) {
        let instrument = instruments[order.instrument]
        guard let notional = price.notional(order.quantity) else {
            events.append(.rejected(order, .invalidQuantity, "the order's value overflows the fixed-point range"))
            return
        }
        let fee = notional.basisPoints(configuration.feeBasisPoints)
        let newQuantity = account.positions[order.instrument].quantity.raw + order.side.sign * order.quantity.raw
        if newQuantity < 0 && !configuration.allowShort {
            events.append(.rejected(
                order, .insufficientFunds, "short selling is disabled and this sell exceeds the \(instrument.base) held"))
            return
        }
        // No leverage: gross exposure after the fill may not exceed equity after the fee.
        var exposure = FixedPoint.multiply(price.raw, abs(newQuantity)) ?? Int64.max
        for position in account.positions where position.instrument != order.instrument && position.quantity.raw != 0 {
            exposure += abs(FixedPoint.multiply(marks[position.instrument].raw, position.quantity.raw) ?? 0)
        }
        var marksNow = marks
        marksNow[order.instrument] = price
        let equityAfter = account.equity(marks: marksNow).raw - fee.raw
        // Reducing a position is always allowed: it lowers risk.
        let reducing = abs(newQuantity) < abs(account.positions[order.instrument].quantity.raw)
        if !reducing && exposure > equityAfter {
            events.append(.rejected(
                order, .insufficientFunds,
                "buying power exceeded: \(Money(raw: exposure)) \(instrument.quote) of exposure "
                    + "on \(Money(raw: max(equityAfter, 0))) of equity (no leverage)"))
            return
        }
        let fill = Fill(
            orderID: order.id, instrument: order.instrument, side: order.side, quantity: order.quantity, price: price, fee: fee, time: time)
        account.apply(fill, quote: instrument.quote)
        events.append(.filled(fill))
    }

    private func validate(_ order: Order) -> (RejectReason, String)? {
        guard order.instrument >= 0, order.instrument < instruments.count else {
            return (.unknownInstrument, "instrument #\(order.instrument) is not traded in this run")
        }
        let instrument = instruments[order.instrument]
        if knownIDs.contains(order.id) {
            return (.duplicateOrderID, "an order with id \(order.id) was already submitted")
        }
        if order.quantity.raw <= 0 || order.quantity.raw % instrument.lotSize.raw != 0 {
            return (
                .invalidQuantity,
                "quantity \(order.quantity) must be positive and a multiple of the lot size \(instrument.lotSize) \(instrument.base)")
        }
        if order.quantity < instrument.minimumQuantity {
            return (
                .belowMinimum, "quantity \(order.quantity) is below the minimum order of \(instrument.minimumQuantity) \(instrument.base)")
        }
        if let price = order.type.price, price.raw <= 0 || price.raw % instrument.tickSize.raw != 0 {
            return (.invalidPrice, "\(order.type) price \(price) must be positive and a multiple of the tick size \(instrument.tickSize)")
        }
        return nil
    }
}
