import ArgumentParser
import Foundation
import Notifiers
import SignetApp
import Trader

/// How to draw a chart: shared by `signet chart` and `signet notify telegram --chart`.
struct ChartOptions: ParsableArguments {
    @Option(help: ArgumentHelp("orders.csv of a run: its fills become buy/sell markers, position and PnL.", valueName: "orders.csv"))
    var orders: String?
    @Option(help: "Instrument shown in the title and used to pick fills from --orders (default: from the file name).")
    var symbol: String?
    @Option(help: "light or dark.", transform: ChartTheme.parse)
    var theme: ChartTheme = .light
    @Option(help: "Image width in pixels.")
    var width: Int = 1280
    @Option(help: "Image height in pixels.")
    var height: Int = 720

    /// The PNG of the bars in `file` (with the fills of --orders), and a one-line description.
    func render(_ file: String) throws -> (png: [UInt8], summary: String) {
        let bars = try CSVBars.read(file)
        guard !bars.isEmpty else { throw ValidationError("\(file) holds no bars") }
        let symbol = symbol ?? MarketSpec.symbol(fromFile: file)
        var fills: [JournalFill] = []
        if let orders {
            guard FileManager.default.fileExists(atPath: orders) else { throw ValidationError("--orders \(orders): no such file") }
            let all = try CSVJournal.fills(atPath: orders)
            fills = all.filter { $0.symbol == symbol }
            if fills.isEmpty && !all.isEmpty {
                let symbols = Set(all.map(\.symbol)).sorted().joined(separator: ", ")
                throw ValidationError("\(orders) has no fills of \(symbol) (it has \(symbols)): pass --symbol")
            }
        }
        let png = try ChartRenderer(width: width, height: height, theme: theme).render(ChartData(symbol: symbol, bars: bars, fills: fills))
        return (png, "\(symbol), \(bars.count) bars, \(fills.count) fills, \(width)×\(height) \(theme.rawValue)")
    }
}

/// `signet chart`: render a chart PNG by hand.
struct ChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Render a signal chart (candles, volume, fills, position, PnL) to a PNG file.",
        discussion: "Example: signet chart --data data/eurusd_1h.csv --orders runs/sma/orders.csv --out chart.png")

    @Option(help: ArgumentHelp("Bar file to draw (CSV: timestamp,open,high,low,close,volume).", valueName: "file.csv"))
    var data: String
    @Option(help: ArgumentHelp("Where to write the PNG.", valueName: "file.png"))
    var out: String
    @OptionGroup var options: ChartOptions

    func run() async throws {
        let (png, summary) = try options.render(data)
        guard FileManager.default.createFile(atPath: out, contents: Data(png)) else {
            throw ValidationError("cannot write \(out): check that its folder exists and is writable")
        }
        Console.note("wrote \(out) (\(summary))")
    }
}
