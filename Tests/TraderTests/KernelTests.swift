import Foundation
import Logging
import Testing
@testable import Trader

/// Records what the kernel asks of a strategy.
struct Recorder: Strategy {
    var script: (Bar, StrategyContext) -> Void = { _, _ in }
    var log: [String] = []

    mutating func onStart(_ context: StrategyContext) { log.append("start") }
    mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        log.append("bar \(bar.time)")
        script(bar, context)
    }
    mutating func onFill(_ fill: Fill, _ context: StrategyContext) { log.append("fill \(fill.orderID) \(fill.price)") }
    mutating func onExit(_ context: StrategyContext) { log.append("exit") }
}

func setup(cash: String = "10000", fee: Int64 = 0, instruments: [Instrument] = [btc()]) throws -> BacktestSetup {
    try BacktestSetup(instruments: instruments, cash: m(cash), broker: .init(feeBasisPoints: fee))
}

@Suite("Kernel and strategies")
struct KernelTests {
    @Test func callbacksRunInOrderAndOnExitExactlyOnce() throws {
        var strategy = Recorder()
        strategy.script = { bar, context in
            if bar.time == 1 { context.order(0, .buy, quantity: q("1")) }
        }
        let broker = PaperBroker(instruments: [btc()], accountCurrency: "USD", cash: m("10000"))
        let context = StrategyContext(simulation: true, instruments: [btc()], portfolio: Portfolio(accountCurrency: "USD", cash: m("10000"), instruments: 1), logger: Logger(label: "test"), runTag: "t")
        let kernel = Kernel(strategy: strategy, broker: broker, context: context)
        kernel.start(at: 0)
        kernel.step(flat(1, "100"))
        kernel.step(flat(2, "101"))
        kernel.exit(at: 3)
        kernel.exit(at: 4)
        #expect(kernel.strategy.log == ["start", "bar 1", "fill t-1 101", "bar 2", "exit"])
        #expect(context.position(0).quantity == q("1"))
        #expect(context.portfolio.accountCash == m("9899"))
    }

    @Test func weightTargetsSizeOnEquityAndRoundToTheLot() throws {
        var strategy = Recorder()
        strategy.script = { bar, context in
            if bar.time == 0 { context.setTarget(0, weight: Weight("0.5")!) }
            if bar.time == 2 { context.setTarget(0, weight: .zero) }
        }
        let result = Backtest.run(strategy, bars: [flat(0, "300"), flat(1, "300"), flat(2, "310"), flat(3, "310")], setup: try setup())
        // 5000 / 300 = 16.666… → 16.666 (lot 0.001), bought at 300, sold at 310.
        #expect(result.portfolio.positions[0].realizedPnL == m("166.66"))
        #expect(result.portfolio.positions[0].quantity == .zero)
        #expect(result.summary.trades == 2)
    }

    @Test func targetsDoNotStackWhileAnOrderIsWorking() throws {
        var strategy = Recorder()
        strategy.script = { _, context in context.setTarget(0, quantity: q("2")) }
        let result = Backtest.run(strategy, bars: (0..<5).map { flat($0, "100") }, setup: try setup())
        #expect(result.portfolio.positions[0].quantity == q("2"))
        #expect(result.summary.trades == 1)
    }

    @Test func smaCrossTradesOnCrossesOnly() throws {
        // fast 2, slow 3. Closes: 10 10 10 | 13 (fast 11.5 > slow 11: up) 13 | 7 7 (fast 7 < slow 9: down).
        let closes = ["10", "10", "10", "9", "13", "13", "7", "7", "7"]
        let bars = closes.enumerated().map { flat(Int64($0.offset), $0.element) }
        let strategy = try SMACross(fast: 2, slow: 3, longOnly: false, weight: Weight("0.5")!)
        let result = Backtest.run(strategy, bars: bars, setup: try setup())
        // Down regime first (bar 3: fast 9.5 < slow 9.67), up at bar 4, down at bar 6: two trades (long, then flip short).
        #expect(result.summary.trades == 2)
        #expect(result.portfolio.positions[0].quantity.raw < 0)
        let longOnly = Backtest.run(try SMACross(fast: 2, slow: 3, longOnly: true, weight: Weight("0.5")!), bars: bars, setup: try setup())
        #expect(longOnly.portfolio.positions[0].quantity == .zero)
        #expect(longOnly.summary.trades == 2)
    }

    @Test func dcaBuysAFixedQuoteAmountEachBarUntilCashRunsOut() throws {
        let strategy = try DollarCostAveraging(amount: m("3000"))
        let result = Backtest.run(strategy, bars: (0..<6).map { flat($0, "100") }, setup: try setup())
        // Bars 0..4 place orders that fill on the next bar; cash 10000 covers three buys of 3000.
        #expect(result.portfolio.positions[0].quantity == q("90"))
        #expect(result.portfolio.accountCash == m("1000"))
    }

    @Test func rebalanceHoldsFixedWeightsAcrossInstruments() throws {
        let eth = try Instrument(symbol: "ETH/USD", tickSize: p("0.01"), lotSize: q("0.001"))
        let strategy = try Rebalance(weights: [Weight("0.5")!, Weight("0.25")!])
        let bars = Backtest.merge([(0..<4).map { flat($0, "100") }, (0..<4).map { flat($0, "50", instrument: 1) }])
        let result = Backtest.run(strategy, bars: bars, setup: try setup(instruments: [btc(), eth]))
        #expect(result.portfolio.positions[0].quantity == q("50"))
        #expect(result.portfolio.positions[1].quantity == q("50"))
    }

    @Test func registryBuildsBuiltInsAndRefusesUnknownNamesAndKeys() throws {
        #expect(try StrategyRegistry.make("sma-cross", parameters: ["fast": "5", "slow": "20"], instruments: 1) is SMACross)
        #expect(try StrategyRegistry.make("dca", parameters: ["amount": "250.50"], instruments: 1) is DollarCostAveraging)
        #expect(try StrategyRegistry.make("rebalance", parameters: ["weights": "0.5,0.3"], instruments: 2) is Rebalance)
        for (name, parameters, fragment) in [
            ("nope", [String: String](), "unknown strategy"),
            ("sma-cross", ["fsat": "5"], "does not take fsat"),
            ("sma-cross", ["fast": "30", "slow": "10"], "fast < slow"),
            ("sma-cross", ["fast": "ten"], "whole number"),
            ("rebalance", ["weights": "0.7,0.7"], "at most 1"),
            ("rebalance", ["weights": "0.5"], "one weight per instrument"),
        ] {
            #expect(throws: TraderError.self) { try StrategyRegistry.make(name, parameters: parameters, instruments: 2) }
            do {
                _ = try StrategyRegistry.make(name, parameters: parameters, instruments: 2)
            } catch let error as TraderError {
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    @Test func backtestOfRealBarsIsDeterministic() throws {
        let bars = try CSVBars.read(dataFile("goog_1d.csv"))
        let goog = try Instrument(symbol: "GOOG/USD", tickSize: p("0.01"), lotSize: q("1"))
        let setup = try BacktestSetup(instruments: [goog], cash: m("10000"), broker: .init(feeBasisPoints: 10, slippageBasisPoints: 2))
        let first = Backtest.run(try SMACross(fast: 10, slow: 30), bars: bars, setup: setup)
        let second = Backtest.run(try SMACross(fast: 10, slow: 30), bars: bars, setup: setup)
        #expect(first.equity == second.equity)
        #expect(first.summary == second.summary)
        #expect(first.summary.trades > 10)
        #expect(first.summary.maxDrawdown > 0 && first.summary.maxDrawdown < 1)
        #expect(first.equity.count == bars.count)
        #expect(first.summary.fees.raw > 0)
    }
}

func dataFile(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/\(name)").path
}
