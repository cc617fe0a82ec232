import ArgumentParser
import Foundation
import Logging
import SignetApp
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

    @OptionGroup var market: MarketOptions
    @Option(name: .customLong("data"), help: ArgumentHelp("Bar file; repeat for several instruments.", valueName: "file"))
    var dataFiles: [String] = []
    @Option(help: "Directory for orders.csv, pos_pnl.csv and equity.csv (replaced files, not appended).")
    var out: String?

    func run() async throws {
        guard !dataFiles.isEmpty else { throw ValidationError("give at least one --data FILE") }
        let startCash = try market.startingCash()
        let params = try market.strategyParameters()
        let (series, instruments) = try market.load(dataFiles)
        let bars = series.count == 1 ? series[0] : Backtest.merge(series)
        let strategy = market.strategy
        let strategyValue = try StrategyRegistry.make(strategy, parameters: params, instruments: instruments.count)
        var logger = Logger(label: "signet.backtest")
        logger.logLevel = .warning
        let setup = try BacktestSetup(
            instruments: instruments, cash: startCash, broker: market.paper(),
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
