import Logging
import Testing
@testable import Trader

/// Places the same orders at every bar.
struct Burst: Strategy {
    var orders: [(Side, String)]

    mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        for (side, quantity) in orders { context.order(0, side, quantity: q(quantity)) }
    }
}

@Suite("Risk gate in the kernel: backtest orders")
struct RiskGateKernelTests {
    @Test func refusedOrdersAreRejectionsWithTheLimitNamedAndTrimmedOnesTradeWhatFits() throws {
        var setup = try BacktestSetup(instruments: [btc()], cash: m("100000"))
        setup.risk.maxPosition = ["BTC/USD": q("1")]
        let journal = EventLog()
        let result = Backtest.run(
            Burst(orders: [(.buy, "0.7"), (.buy, "0.7")]), bars: (0..<3).map { flat(Int64($0) * 60_000, "100") }, setup: setup,
            observers: [journal])
        #expect(result.portfolio.positions[0].quantity == q("1"))
        let rejections = journal.events.compactMap { event -> String? in
            if case .rejected(_, .riskLimit, let message) = event { return message }
            return nil
        }
        #expect(!rejections.isEmpty && rejections.allSatisfy { $0.hasPrefix("risk.max_position") })
    }

    @Test func closeOnlyModeOpensNothing() throws {
        var setup = try BacktestSetup(instruments: [btc()], cash: m("100000"))
        setup.risk.mode = .closeOnly
        let result = Backtest.run(Burst(orders: [(.buy, "1")]), bars: (0..<3).map { flat(Int64($0) * 60_000, "100") }, setup: setup)
        #expect(result.portfolio.positions[0].quantity == .zero)
    }

    @Test func flatModeClosesEveryPositionOnce() throws {
        var book = Portfolio(accountCurrency: "USD", cash: m("100000"), instruments: 1)
        _ = book.apply(Fill(orderID: "held", instrument: 0, side: .buy, quantity: q("2"), price: p("100"), fee: .zero, time: 0), quote: "USD")
        let broker = PaperBroker(instruments: [btc()], accountCurrency: "USD", cash: m("100000"), configuration: .init())
        let context = StrategyContext(simulation: true, instruments: [btc()], portfolio: book, logger: Logger(label: "test"), runTag: "t")
        let kernel = Kernel(strategy: Burst(orders: [(.buy, "1")]), broker: broker, context: context)
        var limits = RiskLimits()
        limits.mode = .flat
        kernel.riskGate = RiskGate(limits: limits, instruments: [btc()])
        kernel.start(at: 0)
        for index in 0..<4 { kernel.step(flat(Int64(index) * 60_000, "100")) }
        #expect(context.portfolio.positions[0].quantity == .zero)
        #expect(kernel.riskGate?.flattened == true)
    }
}

/// Records every broker event the kernel dispatches.
final class EventLog: KernelObserver {
    var events: [BrokerEvent] = []
    func kernel(submitted order: Order, marks: [Price]) {}
    func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) { events.append(event) }
}
