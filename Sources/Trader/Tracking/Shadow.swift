import Foundation
import GRDB
import Logging

/// What a live run's shadow is: the run's strategy (or, for a subscriber, its mirror policy fed
/// the same signals) on the same live bars against a ``PaperBroker`` with the run's fees and
/// slippage, compared with the live run after every step.
public struct ShadowConfiguration: Sendable {
    public var paper: PaperBroker.Configuration
    public var thresholds: ShadowThresholds

    public init(paper: PaperBroker.Configuration = .init(), thresholds: ShadowThresholds = .init()) {
        self.paper = paper
        self.thresholds = thresholds
    }
}

/// A live run's shadow: a second ``Kernel`` on a ``PaperBroker``, stepped by the live runner with
/// the same bars and decisions, so it costs one more strategy call a bar and changes nothing in
/// the live path. Each step's comparison goes to the `tracking` table of the run's log.sqlite; a
/// divergence past the thresholds is logged as a warning (and so reaches the alert handlers)
/// when it starts and whenever its reasons change. Confined to the live runner's task.
final class Shadow<S: Strategy> {
    let kernel: Kernel<S, PaperBroker>
    let instruments: [Instrument]
    let thresholds: ShadowThresholds
    private let liveFills = FillCollector(recordsPrices: true)
    private let shadowFills = FillCollector(recordsPrices: false)
    private let table: TrackingTable
    private let logger: Logger
    private var lastReasons: [String] = []
    private var buffered: [(comparison: ShadowComparison, trades: [TrackingTable.Trade], shadowFills: [Fill])] = []
    /// Fills the other side has not matched yet (they may fill a step apart).
    private var pending: (live: [Fill], shadow: [Fill]) = ([], [])
    /// Comparisons that diverged so far.
    private(set) var divergences = 0

    init(
        strategy: S, configuration: ShadowConfiguration, instruments: [Instrument], accountCurrency: String, portfolio: Portfolio,
        workingOrders: [Order], firstOrderNumber: UInt64, runTag: String, database: DatabaseQueue, logger: Logger,
        live: Kernel<some Strategy, some Broker>
    ) throws {
        let broker = PaperBroker(
            instruments: instruments, accountCurrency: accountCurrency, cash: portfolio.accountCash, configuration: configuration.paper)
        broker.restore(cash: portfolio.cash, positions: portfolio.positions)
        broker.restoreWorking(workingOrders)
        // The shadow logs nothing of its own: its strategy's messages would double the live run's.
        let context = StrategyContext(
            simulation: true, instruments: instruments, portfolio: portfolio,
            logger: Logger(label: "signet.shadow", factory: { _ in SwiftLogNoOpLogHandler() }),
            runTag: runTag, firstOrderNumber: firstOrderNumber, database: nil)
        for order in workingOrders { context.noteWorking(order) }
        kernel = Kernel(strategy: strategy, broker: broker, context: context)
        kernel.observe(shadowFills)
        live.observe(liveFills)
        self.instruments = instruments
        thresholds = configuration.thresholds
        table = try TrackingTable(database: database)
        self.logger = logger
    }

    /// After the live step: compares and records (`final`: the run is ending).
    func compare(time: Int64, live: StrategyContext, final: Bool = false) throws {
        let (liveStep, shadowStep) = (liveFills.take(), shadowFills.take())
        let comparison = ShadowComparison.compare(
            time: time, instruments: instruments, live: live.portfolio, shadow: kernel.context.portfolio, marks: live.marks,
            liveFills: liveStep, shadowFills: shadowStep, pendingLive: pending.live, pendingShadow: pending.shadow, thresholds: thresholds)
        pending = (comparison.unmatchedLive, comparison.unmatchedShadow)
        let shadowPrices = Dictionary(shadowStep.map { ($0.orderID, $0.price) }, uniquingKeysWith: { a, _ in a })
        let trades = liveStep.map { fill in
            TrackingTable.Trade(
                orderID: fill.orderID, time: fill.time, symbol: instruments[fill.instrument].symbol, side: fill.side,
                quantity: fill.quantity, seenPrice: liveFills.seenPrice(fill.orderID), fillPrice: fill.price,
                shadowPrice: shadowPrices[fill.orderID])
        }
        buffered.append((comparison, trades, shadowStep))
        // One transaction per batch of steps; a divergence is written at once, as is the last step.
        if comparison.diverged || buffered.count >= 64 || final { try flush() }
        if comparison.diverged {
            divergences += 1
            if comparison.reasons != lastReasons {
                logger.warning("live run and its shadow simulation diverged: \(comparison.reasons.joined(separator: "; "))", metadata: [
                    "bar": "\(Timestamp.format(time))", "live_equity": "\(comparison.liveEquity)",
                    "shadow_equity": "\(comparison.shadowEquity)",
                ])
            }
        } else if !lastReasons.isEmpty {
            logger.notice("live run and its shadow agree again", metadata: ["bar": "\(Timestamp.format(time))"])
        }
        lastReasons = comparison.reasons
    }
}

extension Shadow {
    /// Writes the comparisons not yet stored.
    func flush() throws {
        let steps = buffered
        buffered.removeAll(keepingCapacity: true)
        try table.record(steps)
    }
}

/// Collects a kernel's fills between two comparisons, and (for the live side) the mark each order was placed at.
final class FillCollector: KernelObserver {
    private let recordsPrices: Bool
    private var fills: [Fill] = []
    /// The price the strategy saw when it placed each order not yet filled.
    private var seen: [String: Price] = [:]

    init(recordsPrices: Bool) { self.recordsPrices = recordsPrices }

    func kernel(submitted order: Order, marks: [Price]) {
        if recordsPrices, order.instrument < marks.count { seen[order.id] = marks[order.instrument] }
    }
    func seenPrice(_ orderID: String) -> Price? { seen.removeValue(forKey: orderID) }
    func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {
        switch event {
        case .filled(let fill): fills.append(fill)
        case .rejected(let order, _, _), .cancelled(let order, _): seen[order.id] = nil
        case .accepted: break
        }
    }
    func take() -> [Fill] {
        defer { fills.removeAll(keepingCapacity: true) }
        return fills
    }
}
