import ArgumentParser
import Foundation
import Logging
import Trader

/// `signet backtest`: run a built-in strategy over bar files.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run a strategy over CSV bars; write orders.csv, pos_pnl.csv and equity.csv; print a summary.",
        discussion: """
            Strategies: \(StrategyRegistry.catalogue.map { "\($0.name) (\($0.parameters))" }.joined(separator: "; ")).
            Bar files: timestamp,open,high,low,close,volume (ISO-8601 or Unix time), oldest first.
            Market orders fill at the next bar's open; see README.md for the paper broker's rules.
            """)

    @Option(help: "Strategy name.")
    var strategy: String
    @Option(name: .customLong("param"), help: ArgumentHelp("Strategy parameter, repeatable.", valueName: "key=value"))
    var parameters: [String] = []
    @Option(name: .customLong("data"), help: ArgumentHelp("Bar file; repeat for several instruments.", valueName: "file"))
    var dataFiles: [String] = []
    @Option(name: .customLong("symbol"), help: ArgumentHelp("Instrument BASE/QUOTE per --data (default: from the file name, quoted in USD).", valueName: "symbol"))
    var symbols: [String] = []
    @Option(help: "Starting cash in the quote currency.")
    var cash: String = "10000"
    @Option(help: "Fee per fill, basis points of notional.")
    var feeBps: Int64 = 0
    @Option(help: "Slippage on market and stop fills, basis points.")
    var slippageBps: Int64 = 0
    @Option(help: "Lot size (smallest quantity step) for every instrument.")
    var lot: String = "0.0001"
    @Option(help: "Tick size (default: the finest price step in the data).")
    var tick: String?
    @Flag(help: "Forbid short positions.")
    var noShort = false
    @Option(help: "Directory for orders.csv, pos_pnl.csv and equity.csv (replaced files, not appended).")
    var out: String?

    func run() async throws {
        guard !dataFiles.isEmpty else { throw ValidationError("give at least one --data FILE") }
        guard symbols.isEmpty || symbols.count == dataFiles.count else {
            throw ValidationError("give one --symbol per --data (\(dataFiles.count) files, \(symbols.count) symbols), or none")
        }
        guard let startCash = Money(cash), startCash.raw > 0 else { throw ValidationError("--cash \(cash) is not a positive amount") }
        guard let lotSize = Quantity(lot), lotSize.raw > 0 else { throw ValidationError("--lot \(lot) is not a positive decimal") }
        var params: [String: String] = [:]
        for pair in parameters {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--param \(pair) must be key=value") }
            params[String(parts[0])] = String(parts[1])
        }

        var series: [[Bar]] = []
        var instruments: [Instrument] = []
        for (index, file) in dataFiles.enumerated() {
            let bars = try CSVBars.read(file, instrument: index)
            guard !bars.isEmpty else { throw ValidationError("\(file) holds no bars") }
            let tickSize = try tick.map { text -> Price in
                guard let price = Price(text), price.raw > 0 else { throw ValidationError("--tick \(text) is not a positive decimal") }
                return price
            } ?? CSVBars.inferredTick(bars)
            let symbol = symbols.isEmpty ? Self.symbol(fromFile: file) : symbols[index]
            instruments.append(try Instrument(symbol: symbol, tickSize: tickSize, lotSize: lotSize))
            series.append(bars)
        }
        let bars = series.count == 1 ? series[0] : Backtest.merge(series)
        let strategyValue = try StrategyRegistry.make(strategy, parameters: params, instruments: instruments.count)
        var logger = Logger(label: "signet.backtest")
        logger.logLevel = .warning
        let setup = try BacktestSetup(
            instruments: instruments, cash: startCash, broker: .init(feeBasisPoints: feeBps, slippageBasisPoints: slippageBps, allowShort: !noShort),
            logger: logger)

        var journal: CSVJournal?
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for name in ["orders.csv", "pos_pnl.csv", "equity.csv"] { try? FileManager.default.removeItem(atPath: "\(out)/\(name)") }
            journal = try CSVJournal(directory: out, instruments: instruments, synced: false)
        }
        let progress = ProgressBar(total: bars.count)
        let result = Self.run(strategyValue, bars: bars, setup: setup, journal: journal, progress: progress)
        progress.finish()
        if let journal {
            try journal.flush()
            if let failure = journal.failure { throw failure }
            try Self.writeEquity(result, to: "\(out!)/equity.csv")
        }
        Self.printSummary(result, strategy: strategy, instruments: instruments, out: out)
    }

    /// Opens the existential so the backtest loop is specialised for the concrete strategy.
    static func run<S: Strategy>(_ strategy: S, bars: [Bar], setup: BacktestSetup, journal: CSVJournal?, progress: ProgressBar) -> BacktestResult {
        Backtest.run(strategy, bars: bars, setup: setup, observers: journal.map { [$0] } ?? [], progress: progress.update)
    }

    static func symbol(fromFile path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let base = name.split(separator: "_").first.map(String.init) ?? name
        return (base.split(separator: ".").first.map(String.init) ?? base).uppercased() + "/USD"
    }

    static func writeEquity(_ result: BacktestResult, to path: String) throws {
        var text = "time,equity\n"
        text.reserveCapacity(result.times.count * 40)
        for (time, equity) in zip(result.times, result.equity) {
            text += Timestamp.format(time) + "," + equity.description + "\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ValidationError("cannot write \(path)")
        }
    }

    static func printSummary(_ result: BacktestResult, strategy: String, instruments: [Instrument], out: String?) {
        let s = result.summary
        func percent(_ value: Double) -> String { String(format: "%.2f %%", value * 100) }
        let currency = instruments.first?.quote ?? ""
        var lines = [
            "strategy        \(strategy) on \(instruments.map(\.symbol).joined(separator: ", "))",
            "bars            \(result.bars)" + (result.times.isEmpty ? "" : " (\(Timestamp.format(result.times.first!)) to \(Timestamp.format(result.times.last!)))"),
            "start equity    \(s.startEquity) \(currency)",
            "end equity      \(s.endEquity) \(currency)",
            "total return    \(percent(s.totalReturn))",
            "sharpe (ann.)   \(String(format: "%.3f", s.sharpe))",
            "max drawdown    \(percent(s.maxDrawdown))",
            "trades          \(s.trades)",
            "fees            \(s.fees) \(currency)",
        ]
        if s.rejects > 0 { lines.append("rejected orders \(s.rejects) (see orders.csv)") }
        if let out { lines.append("journal         \(out)/orders.csv, pos_pnl.csv, equity.csv") }
        Console.out(lines.joined(separator: "\n"))
    }
}

/// A progress bar on standard error for long runs; silent when standard error is not a terminal.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let enabled: Bool
    private var drawn = -1

    init(total: Int) {
        self.total = total
        enabled = total >= 200_000 && isatty(2) == 1
    }

    func update(_ done: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != drawn else { return }
        drawn = percent
        let filled = percent / 4
        Console.noteInline("\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 25 - filled) + "] \(percent) %")
    }

    func finish() {
        if enabled && drawn >= 0 { Console.noteInline("\r" + String(repeating: " ", count: 40) + "\r") }
    }
}
