import ArgumentParser
import Foundation
import SignetApp
import Trader

/// Strategy, instruments and paper-broker options shared by `backtest` and `live`.
struct MarketOptions: ParsableArguments {
    @Option(help: "Strategy name.")
    var strategy: String
    @Option(name: .customLong("param"), help: ArgumentHelp("Strategy parameter, repeatable.", valueName: "key=value"))
    var parameters: [String] = []
    @Option(name: .customLong("symbol"), help: ArgumentHelp("Instrument BASE/QUOTE per bar file (default: from the file name, quoted in USD).", valueName: "symbol"))
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

    func startingCash() throws -> Money {
        guard let value = Money(cash), value.raw > 0 else { throw ValidationError("--cash \(cash) is not a positive amount") }
        return value
    }

    func paper() -> PaperBroker.Configuration {
        .init(feeBasisPoints: feeBps, slippageBasisPoints: slippageBps, allowShort: !noShort)
    }

    func strategyParameters() throws -> [String: String] {
        var params: [String: String] = [:]
        for pair in parameters {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--param \(pair) must be key=value") }
            params[String(parts[0])] = String(parts[1])
        }
        return params
    }

    /// Reads bar files and describes their instruments.
    func load(_ files: [String]) throws -> (series: [[Bar]], instruments: [Instrument]) {
        guard symbols.isEmpty || symbols.count == files.count else {
            throw ValidationError("give one --symbol per bar file (\(files.count) files, \(symbols.count) symbols), or none")
        }
        guard let lotSize = Quantity(lot), lotSize.raw > 0 else { throw ValidationError("--lot \(lot) is not a positive decimal") }
        var series: [[Bar]] = []
        var instruments: [Instrument] = []
        for (index, file) in files.enumerated() {
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
        return (series, instruments)
    }

    /// `btcusd_1h.csv` → `BTC/USD`, `goog_1d.csv` → `GOOG/USD` (a pair name ending in a
    /// common quote currency is split; anything else is taken as quoted in USD).
    static func symbol(fromFile path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let base = name.split(separator: "_").first.map(String.init) ?? name
        let stem = (base.split(separator: ".").first.map(String.init) ?? base).uppercased()
        let quotes = ["USDT", "USDC", "USD", "EUR", "GBP", "JPY", "CHF", "BTC"]
        if let quote = quotes.first(where: { stem.hasSuffix($0) && stem.count - $0.count >= 3 }) {
            return "\(stem.dropLast(quote.count))/\(quote)"
        }
        return stem + "/USD"
    }
}
