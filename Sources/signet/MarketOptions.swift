import ArgumentParser
import SignetApp

/// Strategy, instruments and paper-broker options shared by `backtest` and `live`.
struct MarketOptions: ParsableArguments {
    @Option(help: "Strategy name.")
    var strategy: String
    @Option(name: .customLong("param"), help: ArgumentHelp("Strategy parameter, repeatable.", valueName: "key=value"))
    var parameters: [String] = []
    @Option(
        name: .customLong("symbol"),
        help: ArgumentHelp("Instrument BASE/QUOTE per bar file (default: from the file name, quoted in USD).", valueName: "symbol"))
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

    var spec: MarketSpec {
        MarketSpec(
            strategy: strategy, parameters: parameters, symbols: symbols, cash: cash, feeBasisPoints: feeBps,
            slippageBasisPoints: slippageBps, lot: lot, tick: tick, noShort: noShort)
    }
}
