/// A tradable pair and its exchange rules.
public struct Instrument: Hashable, Sendable, CustomStringConvertible {
    /// Signet's name, `BASE/QUOTE` (`BTC/USD`).
    public var symbol: String
    public var base: String
    public var quote: String
    /// Smallest price increment.
    public var tickSize: Price
    /// Smallest quantity increment.
    public var lotSize: Quantity
    /// Smallest order quantity the venue accepts.
    public var minimumQuantity: Quantity

    public init(symbol: String, tickSize: Price, lotSize: Quantity, minimumQuantity: Quantity? = nil) throws {
        let parts = symbol.split(separator: "/")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw TraderError(.invalidConfiguration, "instrument '\(symbol)' must be written BASE/QUOTE, for example BTC/USD")
        }
        guard tickSize.raw > 0, lotSize.raw > 0 else {
            throw TraderError(.invalidConfiguration, "instrument \(symbol): tick size and lot size must be positive")
        }
        self.symbol = symbol
        self.base = String(parts[0])
        self.quote = String(parts[1])
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minimumQuantity = minimumQuantity ?? lotSize
    }

    public var description: String { symbol }
}

/// One OHLCV bar of one instrument. `time` is the bar's start, Unix milliseconds.
public struct Bar: Hashable, Sendable {
    /// Index of the instrument in the run's instrument list.
    public var instrument: Int
    public var time: Int64
    public var open: Price
    public var high: Price
    public var low: Price
    public var close: Price
    public var volume: Quantity

    public init(instrument: Int, time: Int64, open: Price, high: Price, low: Price, close: Price, volume: Quantity) {
        self.instrument = instrument
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

/// One trade or quote update of one instrument.
public struct Tick: Hashable, Sendable {
    public var instrument: Int
    public var time: Int64
    public var price: Price
    public var size: Quantity

    public init(instrument: Int, time: Int64, price: Price, size: Quantity) {
        self.instrument = instrument
        self.time = time
        self.price = price
        self.size = size
    }
}
