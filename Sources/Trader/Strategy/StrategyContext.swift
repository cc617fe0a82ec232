import GRDB
import Logging

/// A strategy's window on the engine: prices, positions, equity, orders and targets, its logger.
///
/// Owned by one ``Kernel`` and confined to it (not `Sendable`). Orders placed here are queued and
/// handed to the broker when the strategy's callback returns.
public final class StrategyContext {
    /// True in a backtest or shadow, false live.
    public let simulation: Bool
    /// The instruments of this run, by index.
    public let instruments: [Instrument]
    /// The strategy's logger (the run's log file and SQLite `log` table, live).
    public let logger: Logger
    /// The run's SQLite database (`log.sqlite`), where a strategy may keep tables of its own; nil
    /// in backtests that keep no journal.
    public let database: DatabaseQueue?
    // The kernel touches these at every bar. The context is confined to its kernel's thread, so
    // the dynamic exclusivity checks (a large share of a bar's cost) are switched off for them.
    @usableFromInline @exclusivity(unchecked) var currentTime: Int64 = 0
    @usableFromInline @exclusivity(unchecked) var book: Portfolio
    @usableFromInline @exclusivity(unchecked) var lastPrices: [Price]
    @usableFromInline @exclusivity(unchecked) var requests: [Request] = []

    /// The time of the event being handled, Unix milliseconds.
    public var time: Int64 { currentTime }
    /// The book: cash and positions, updated by fills.
    public var portfolio: Portfolio { book }
    /// The last price seen per instrument.
    public var marks: [Price] { lastPrices }
    private let runTag: String
    private var orderCounter: UInt64

    @usableFromInline
    enum Request {
        case submit(Order)
        case cancel(String)
    }

    /// A context for a kernel; `runTag` prefixes client order ids, which count from `firstOrderNumber`.
    public init(
        simulation: Bool, instruments: [Instrument], portfolio: Portfolio, logger: Logger, runTag: String, firstOrderNumber: UInt64 = 1,
        database: DatabaseQueue? = nil
    ) {
        self.database = database
        self.simulation = simulation
        self.instruments = instruments
        self.book = portfolio
        self.logger = logger
        self.runTag = runTag
        self.orderCounter = firstOrderNumber
        self.lastPrices = Array(repeating: .zero, count: instruments.count)
    }

    /// The next order number this context will use (persisted by live runs so ids never repeat).
    public var nextOrderNumber: UInt64 { orderCounter }

    /// The last price of `instrument`, nil before its first bar.
    public func price(_ instrument: Int) -> Price? {
        lastPrices[instrument].raw == 0 ? nil : lastPrices[instrument]
    }

    /// The position in `instrument`.
    public func position(_ instrument: Int) -> Position { book.positions[instrument] }

    /// Cash plus positions at the last prices, in the account currency.
    @inlinable
    public var equity: Money { book.equity(marks: lastPrices) }

    /// Places an order; returns its client order id, or nil (logged) if the quantity is not positive.
    @discardableResult
    public func order(
        _ instrument: Int, _ side: Side, quantity: Quantity, type: OrderType = .market, timeInForce: TimeInForce = .gtc, tag: String = ""
    ) -> String? {
        guard quantity.raw > 0 else {
            logger.warning("order ignored: quantity must be positive", metadata: ["quantity": "\(quantity)"])
            return nil
        }
        let id = "\(runTag)-\(orderCounter)"
        orderCounter += 1
        requests.append(.submit(Order(
            id: id, instrument: instrument, side: side, quantity: quantity, type: type, timeInForce: timeInForce, createdAt: time,
            tag: tag)))
        return id
    }

    /// Cancels a working order.
    public func cancel(_ orderID: String) { requests.append(.cancel(orderID)) }

    /// Holds `quantity` of `instrument` (signed: negative is short): trades the difference from the
    /// current position, rounded to the lot size, at market. Working orders on the instrument are
    /// cancelled first so targets never stack.
    public func setTarget(_ instrument: Int, quantity target: Quantity, tag: String = "") {
        cancelWorkingOrders(on: instrument)
        let lot = instruments[instrument].lotSize
        guard let rounded = target.rounded(toLot: lot) else { return }
        let (delta, overflow) = rounded.raw.subtractingReportingOverflow(book.positions[instrument].quantity.raw)
        guard !overflow, delta != .min else {
            logger.warning("target ignored: the difference from the position overflows", metadata: ["target": "\(target)"])
            return
        }
        guard delta != 0 else { return }
        order(instrument, delta > 0 ? .buy : .sell, quantity: Quantity(raw: abs(delta), precision: lot.precision), tag: tag)
    }

    /// Holds `weight` of equity in `instrument` at its last price (see ``setTarget(_:quantity:tag:)``).
    public func setTarget(_ instrument: Int, weight: Weight, tag: String = "") {
        guard let price = price(instrument),
            let value = equity.scaled(by: weight.raw, over: FixedPoint.scale),
            let quantity = value.quantity(at: price)
        else {
            logger.warning("target ignored: no price yet for \(instruments[instrument].symbol)")
            return
        }
        setTarget(instrument, quantity: quantity, tag: tag)
    }

    private var workingOrderIDs: [Int: [String]] = [:]

    @usableFromInline
    func noteWorking(_ order: Order) { workingOrderIDs[order.instrument, default: []].append(order.id) }

    @usableFromInline
    func noteDone(_ orderID: String, instrument: Int) {
        workingOrderIDs[instrument]?.removeAll { $0 == orderID }
    }

    private func cancelWorkingOrders(on instrument: Int) {
        for id in workingOrderIDs[instrument] ?? [] { cancel(id) }
        // Requests not yet submitted are dropped outright.
        requests.removeAll {
            if case .submit(let order) = $0 { return order.instrument == instrument }
            return false
        }
    }
}
