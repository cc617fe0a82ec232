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
    @Option(help: "settings.yml whose risk section applies to the backtest's orders (default: no limits).")
    var settings: String?

    func run() async throws {
        let progress = ProgressBar()
        let request = BacktestRequest(market: market.spec, dataFiles: dataFiles, out: out, settingsPath: settings)
        let outcome = try BacktestBuilder.run(request) {
            progress.update($0, of: $1)
        }
        progress.finish()
        Self.printSummary(outcome.result, strategy: market.strategy, instruments: outcome.instruments, out: out)
    }

    static func printSummary(_ result: BacktestResult, strategy: String, instruments: [Instrument], out: String?) {
        let s = result.summary
        func percent(_ value: Double) -> String { String(format: "%.2f %%", value * 100) }
        let currency = instruments.first?.quote ?? ""
        var lines = [
            "strategy        \(strategy) on \(instruments.map(\.symbol).joined(separator: ", "))",
            "bars            \(result.bars)"
                + (result.times.isEmpty ? "" : " (\(Timestamp.format(result.times.first!)) to \(Timestamp.format(result.times.last!)))"),
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
    private var enabled = false
    private var drawn = -1

    func update(_ done: Int, of total: Int) {
        enabled = total >= 200_000 && isatty(2) == 1
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
