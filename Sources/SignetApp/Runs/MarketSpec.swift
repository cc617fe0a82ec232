import Foundation
import Trader

/// The strategy, its instruments and the paper broker's terms, as `backtest`, `live` and
/// `publish` are given them. Text is kept as the user typed it and checked here, so a mistake is
/// refused with the option's name.
public struct MarketSpec: Sendable {
    public var strategy: String
    /// `key=value`, as given.
    public var parameters: [String]
    public var symbols: [String]
    public var cash: String
    public var feeBasisPoints: Int64
    public var slippageBasisPoints: Int64
    public var lot: String
    /// nil: the finest price step in the data.
    public var tick: String?
    public var noShort: Bool

    public init(
        strategy: String, parameters: [String] = [], symbols: [String] = [], cash: String = "10000", feeBasisPoints: Int64 = 0,
        slippageBasisPoints: Int64 = 0, lot: String = "0.0001", tick: String? = nil, noShort: Bool = false
    ) {
        self.strategy = strategy
        self.parameters = parameters
        self.symbols = symbols
        self.cash = cash
        self.feeBasisPoints = feeBasisPoints
        self.slippageBasisPoints = slippageBasisPoints
        self.lot = lot
        self.tick = tick
        self.noShort = noShort
    }

    public func startingCash() throws -> Money {
        guard let value = Money(cash), value.raw > 0 else { throw AppError(.usage, "--cash \(cash) is not a positive amount") }
        return value
    }

    public func paper() -> PaperBroker.Configuration {
        .init(feeBasisPoints: feeBasisPoints, slippageBasisPoints: slippageBasisPoints, allowShort: !noShort)
    }

    public func strategyParameters() throws -> [String: String] {
        var params: [String: String] = [:]
        for pair in parameters {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else { throw AppError(.usage, "--param \(pair) must be key=value") }
            params[String(parts[0])] = String(parts[1])
        }
        return params
    }

    /// The strategy, made from the registry with its parameters.
    public func makeStrategy(instruments: Int) throws -> any Strategy & Sendable {
        try StrategyRegistry.make(strategy, parameters: try strategyParameters(), instruments: instruments)
    }

    /// Reads bar files and describes their instruments.
    public func load(_ files: [String]) throws -> (series: [[Bar]], instruments: [Instrument]) {
        guard symbols.isEmpty || symbols.count == files.count else {
            throw AppError(.usage, "give one --symbol per bar file (\(files.count) files, \(symbols.count) symbols), or none")
        }
        guard let lotSize = Quantity(lot), lotSize.raw > 0 else { throw AppError(.usage, "--lot \(lot) is not a positive decimal") }
        var series: [[Bar]] = []
        var instruments: [Instrument] = []
        for (index, file) in files.enumerated() {
            let bars = try CSVBars.read(file, instrument: index)
            guard !bars.isEmpty else { throw AppError(.input, "\(file) holds no bars") }
            let tickSize = try tick.map { text -> Price in
                guard let price = Price(text), price.raw > 0 else { throw AppError(.usage, "--tick \(text) is not a positive decimal") }
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
    public static func symbol(fromFile path: String) -> String {
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
