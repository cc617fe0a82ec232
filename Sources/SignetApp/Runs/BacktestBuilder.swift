import Foundation
import Logging
import Trader

/// A backtest: a strategy over bar files, optionally journaled to a folder (`signet backtest`).
public struct BacktestRequest: Sendable {
    public var market: MarketSpec
    public var dataFiles: [String]
    /// Where orders.csv, pos_pnl.csv and equity.csv go (replaced, not appended); nil: nowhere.
    public var out: String?
    /// settings.yml whose `risk:` section applies (nil: no limits).
    public var settingsPath: String?

    public init(market: MarketSpec, dataFiles: [String], out: String? = nil, settingsPath: String? = nil) {
        self.market = market
        self.dataFiles = dataFiles
        self.out = out
        self.settingsPath = settingsPath
    }
}

/// Builds and runs a ``BacktestRequest``.
public enum BacktestBuilder {
    /// What a backtest gives back: its result and the instruments it traded.
    public struct Outcome: Sendable {
        public var result: BacktestResult
        public var instruments: [Instrument]
    }

    /// Runs the backtest; `progress` is called now and then with the bars done and the bars in all.
    public static func run(
        _ request: BacktestRequest, progress: @escaping (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> Outcome {
        guard !request.dataFiles.isEmpty else { throw AppError(.usage, "give at least one --data FILE") }
        let cash = try request.market.startingCash()
        let (series, instruments) = try request.market.load(request.dataFiles)
        let bars = series.count == 1 ? series[0] : Backtest.merge(series)
        let strategy = try request.market.makeStrategy(instruments: instruments.count)
        var setup = try BacktestSetup(
            instruments: instruments, cash: cash, broker: request.market.paper(), logger: Logger(label: "signet.backtest"))
        if let path = request.settingsPath { setup.risk = try Settings.load(path: path).risk ?? RiskLimits() }
        var journal: CSVJournal?
        if let out = request.out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for name in ["orders.csv", "pos_pnl.csv", "equity.csv"] { try? FileManager.default.removeItem(atPath: "\(out)/\(name)") }
            journal = try CSVJournal(directory: out, instruments: instruments, synced: false)
        }
        let total = bars.count
        let result = run(strategy, bars: bars, setup: setup, journal: journal) { progress($0, total) }
        if let journal, let out = request.out {
            try journal.flush()
            if let failure = journal.failure { throw failure }
            try writeEquity(result, to: "\(out)/equity.csv")
        }
        return Outcome(result: result, instruments: instruments)
    }

    /// Opens the existential so the backtest loop is specialised for the concrete strategy.
    static func run<S: Strategy>(
        _ strategy: S, bars: [Bar], setup: BacktestSetup, journal: CSVJournal?, progress: @escaping (Int) -> Void
    ) -> BacktestResult {
        Backtest.run(strategy, bars: bars, setup: setup, observers: journal.map { [$0] } ?? [], progress: progress)
    }

    static func writeEquity(_ result: BacktestResult, to path: String) throws {
        var text = "time,equity\n"
        text.reserveCapacity(result.times.count * 40)
        for (time, equity) in zip(result.times, result.equity) {
            text += Timestamp.format(time) + "," + equity.description + "\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw AppError(.input, "cannot write \(path); check the folder is writable")
        }
    }
}
