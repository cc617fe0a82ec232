import Logging

/// What a backtest needs besides the strategy and the bars.
public struct BacktestSetup: Sendable {
    public var instruments: [Instrument]
    public var accountCurrency: String
    public var cash: Money
    public var broker: PaperBroker.Configuration
    /// Prefix of client order ids.
    public var runTag: String
    public var logger: Logger
    /// The owner's risk limits (``RiskGate``); none by default.
    public var risk = RiskLimits()

    public init(
        instruments: [Instrument], accountCurrency: String? = nil, cash: Money, broker: PaperBroker.Configuration = .init(),
        runTag: String = "bt", logger: Logger = Logger(label: "signet.backtest")
    ) throws {
        let currency = accountCurrency ?? instruments.first?.quote ?? "USD"
        for instrument in instruments where instrument.quote != currency {
            throw TraderError(
                .invalidConfiguration,
                "\(instrument.symbol) is quoted in \(instrument.quote) but the account is in \(currency); "
                    + "all instruments of a run must be quoted in the account currency")
        }
        guard cash.raw > 0 else { throw TraderError(.invalidConfiguration, "starting cash must be positive (got \(cash))") }
        self.instruments = instruments
        self.accountCurrency = currency
        self.cash = cash
        self.broker = broker
        self.runTag = runTag
        self.logger = logger
    }
}

/// The outcome of a backtest.
public struct BacktestResult: Sendable {
    /// Equity after each time step, and the step's time (Unix ms).
    public var times: [Int64]
    public var equity: [Money]
    public var portfolio: Portfolio
    public var summary: PerformanceSummary
    public var bars: Int

    public init(times: [Int64], equity: [Money], portfolio: Portfolio, summary: PerformanceSummary, bars: Int) {
        self.times = times
        self.equity = equity
        self.portfolio = portfolio
        self.summary = summary
        self.bars = bars
    }
}

/// Runs a strategy over bars in a synchronous, deterministic loop: no async hop, no allocation per bar.
public enum Backtest {
    /// Runs `strategy` over `bars` (oldest first; several instruments interleaved by time).
    /// `progress` is called every 65,536 bars with the number done.
    @inlinable
    public static func run<S: Strategy>(
        _ strategy: S, bars: [Bar], setup: BacktestSetup, observers: [any KernelObserver] = [], progress: ((Int) -> Void)? = nil
    ) -> BacktestResult {
        let broker = PaperBroker(
            instruments: setup.instruments, accountCurrency: setup.accountCurrency, cash: setup.cash, configuration: setup.broker)
        let context = StrategyContext(
            simulation: true, instruments: setup.instruments,
            portfolio: Portfolio(accountCurrency: setup.accountCurrency, cash: setup.cash, instruments: setup.instruments.count),
            logger: setup.logger, runTag: setup.runTag)
        let kernel = Kernel(strategy: strategy, broker: broker, context: context)
        if !setup.risk.isEmpty { kernel.riskGate = RiskGate(limits: setup.risk, instruments: setup.instruments) }
        let tally = Tally()
        kernel.observe(tally)
        for observer in observers { kernel.observe(observer) }

        var times: [Int64] = []
        var equity: [Money] = []
        times.reserveCapacity(bars.count)
        equity.reserveCapacity(bars.count)
        var count = 0
        if let first = bars.first { kernel.start(at: first.time) }
        for index in bars.indices {
            let bar = bars[index]
            kernel.step(bar)
            let value = context.equity
            if let last = times.last, last == bar.time {
                equity[equity.count - 1] = value
            } else {
                times.append(bar.time)
                equity.append(value)
            }
            count += 1
            if count & 0xFFFF == 0 { progress?(count) }
        }
        kernel.exit(at: times.last ?? 0)
        if !equity.isEmpty { equity[equity.count - 1] = context.equity }  // onExit may have traded
        let summary = PerformanceSummary(times: times, equity: equity, trades: tally.fills, fees: tally.fees, rejects: tally.rejects)
        return BacktestResult(times: times, equity: equity, portfolio: context.portfolio, summary: summary, bars: count)
    }

    /// Interleaves several instruments' bars by time (ties keep instrument order).
    public static func merge(_ series: [[Bar]]) -> [Bar] {
        var merged: [Bar] = []
        merged.reserveCapacity(series.reduce(0) { $0 + $1.count })
        var cursors = Array(repeating: 0, count: series.count)
        while true {
            var best: Int?
            for (index, bars) in series.enumerated() where cursors[index] < bars.count {
                if best == nil || bars[cursors[index]].time < series[best!][cursors[best!]].time { best = index }
            }
            guard let chosen = best else { return merged }
            merged.append(series[chosen][cursors[chosen]])
            cursors[chosen] += 1
        }
    }
}

/// Counts fills, fees and rejects for the summary.
@usableFromInline
final class Tally: KernelObserver {
    @usableFromInline var fills = 0
    @usableFromInline var fees = Money.zero
    @usableFromInline var rejects = 0

    @usableFromInline init() {}

    @usableFromInline func kernel(submitted order: Order, marks: [Price]) {}

    @usableFromInline func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {
        switch event {
        case .filled(let fill):
            fills += 1
            fees = fees + fill.fee
        case .rejected:
            rejects += 1
        default:
            break
        }
    }
}
