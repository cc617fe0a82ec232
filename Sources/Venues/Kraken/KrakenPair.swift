import Trader

/// One Kraken spot pair as `AssetPairs` describes it, and the names it goes by: the REST key
/// (`XXBTZUSD`), its `altname` (`XBTUSD`), and Signet's and WebSocket v2's `BTC/USD`.
public struct KrakenPair: Sendable, Hashable {
    /// The `AssetPairs` key, which `TradesHistory` and `Ticker` answers use (`XXBTZUSD`).
    public var restName: String
    /// `altname` (`XBTUSD`), which order descriptions use.
    public var altName: String
    /// Signet's instrument name, also the WebSocket v2 symbol (`BTC/USD`).
    public var symbol: String
    /// Kraken's asset codes (`XXBT`, `ZUSD`), as `Balance` keys them.
    public var baseAsset: String
    public var quoteAsset: String
    public var tickSize: Price
    /// Quantity decimals (`lot_decimals`).
    public var lotDecimals: Int
    /// Smallest order (`ordermin`), in the base currency.
    public var orderMinimum: Quantity
    /// `online`, `cancel_only`, `post_only`, `limit_only`, `reduce_only`, `maintenance`.
    public var status: String

    public init(
        restName: String, altName: String, symbol: String, baseAsset: String, quoteAsset: String, tickSize: Price, lotDecimals: Int,
        orderMinimum: Quantity, status: String = "online"
    ) {
        self.restName = restName
        self.altName = altName
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.tickSize = tickSize
        self.lotDecimals = lotDecimals
        self.orderMinimum = orderMinimum
        self.status = status
    }

    /// The engine's instrument for this pair, with Kraken's tick, lot and minimum.
    public func instrument() throws -> Instrument {
        let lot = Quantity(
            raw: FixedPoint.scale / Self.power(of: 10, min(lotDecimals, FixedPoint.decimals)), precision: UInt8(min(lotDecimals, 8)))
        return try Instrument(symbol: symbol, tickSize: tickSize, lotSize: lot, minimumQuantity: max(orderMinimum, lot))
    }

    private static func power(of base: Int64, _ exponent: Int) -> Int64 { (0..<exponent).reduce(1) { value, _ in value * base } }

    /// Kraken's legacy four-letter codes (`XXBT`, `ZUSD`) and its `XBT`/`XDG` spellings, as the
    /// common names Signet and WebSocket v2 use; other codes are already common names.
    public static func commonName(ofAsset code: String) -> String {
        let legacy: Set<String> = [
            "XXBT", "XETH", "XLTC", "XXRP", "XXLM", "XXMR", "XZEC", "XETC", "XREP", "XMLN", "XXDG", "XDAO", "XNMC", "XXVN",
            "ZUSD", "ZEUR", "ZGBP", "ZJPY", "ZCAD", "ZAUD", "ZCHF",
        ]
        let short = legacy.contains(code) ? String(code.dropFirst()) : code
        switch short {
        case "XBT": return "BTC"
        case "XDG": return "DOGE"
        default: return short
        }
    }
}

/// Finds pairs by any of their names.
public struct KrakenPairs: Sendable {
    public let all: [KrakenPair]

    public init(_ pairs: [KrakenPair]) { all = pairs }

    /// The pair for a Signet symbol or WebSocket v2 symbol (`BTC/USD`).
    public func pair(symbol: String) -> KrakenPair? { all.first { $0.symbol == symbol } }

    /// The pair for a REST key (`XXBTZUSD`) or altname (`XBTUSD`).
    public func pair(krakenName name: String) -> KrakenPair? { all.first { $0.restName == name || $0.altName == name } }

    /// The pairs for Signet's instruments, or an error naming the ones Kraken does not list.
    public func pairs(for symbols: [String]) throws -> [KrakenPair] {
        let missing = symbols.filter { pair(symbol: $0) == nil }
        guard missing.isEmpty else {
            let known = all.map(\.symbol).sorted().prefix(12).joined(separator: ", ")
            throw KrakenError(
                .unknownPair,
                "Kraken lists no pair for \(missing.joined(separator: ", ")); "
                    + "write instruments as BASE/QUOTE as Kraken's WebSocket v2 names them (for example \(known))")
        }
        return symbols.compactMap { pair(symbol: $0) }
    }
}
