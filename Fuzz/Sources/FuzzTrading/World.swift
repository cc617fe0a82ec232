import SignalSubscriber
import Trader

/// The subscriber the harnesses mirror into: fixed instruments, marks, positions, cash, mirror
/// policies and risk limits, so an input always meets the same world.
public enum World {
    public static let instruments: [Instrument] = [
        instrument("BTC/USD", tick: "0.1", lot: "0.0001", minimum: "0.0001"),
        instrument("ETH/USD", tick: "0.01", lot: "0.001", minimum: "0.01"),
        instrument("SOL/USD", tick: "0.001", lot: "0.1", minimum: "0.1"),
        instrument("EUR/USD", tick: "0.0001", lot: "1", minimum: "1000"),
    ]
    public static let marks: [Price] = ["64250.1", "3012.25", "140.125", "1.0921"].map { price($0) }
    /// Long BTC near its caps, short ETH, flat SOL, long EUR; 10,000 USD of cash.
    public static let book: Portfolio = {
        var book = Portfolio(accountCurrency: "USD", cash: money("10000"), instruments: instruments.count)
        book.restore(
            cash: ["USD": money("10000")],
            positions: [
                Position(instrument: 0, quantity: quantity("0.3")), Position(instrument: 1, quantity: quantity("-1")),
                Position(instrument: 3, quantity: quantity("5000")),
            ])
        return book
    }()
    public static let equity = book.equity(marks: marks)
    /// The publisher's equity as last reported (for `multiplier: equity`).
    public static let publisherEquity = money("20000")

    /// `mode: orders` policies: a fixed multiplier, the equity ratio reversed, a fraction without age limit.
    public static let orderPolicies: [MirrorSettings] = [
        MirrorSettings(
            mode: .orders, symbolMap: ["XBT/USD": "BTC/USD"], maxPosition: ["BTC/USD": quantity("0.5"), "ETH/USD": quantity("3")],
            maxNotional: money("2500"), maxPriceDeviation: 500),
        MirrorSettings(
            mode: .orders, multiplier: "equity", allow: ["BTC/USD", "ETH/USD", "SOL/USD", "EUR/USD"], deny: ["DOGE/USD"],
            maxPosition: ["BTC/USD": quantity("0.2")], reverse: true),
        MirrorSettings(mode: .orders, multiplier: "0.5", maxNotional: money("100000"), maxSignalAgeMilliseconds: nil),
    ]

    /// `mode: target` policies: capped, reversed through a symbol map, and without limits.
    public static let targetPolicies: [MirrorSettings] = [
        MirrorSettings(mode: .target, maxPosition: ["BTC/USD": quantity("0.5"), "SOL/USD": quantity("40")], maxPriceDeviation: 1000),
        MirrorSettings(mode: .target, symbolMap: ["XBT/USD": "BTC/USD", "ETHUSD": "ETH/USD"], reverse: true),
        MirrorSettings(mode: .target, maxSignalAgeMilliseconds: nil),
    ]

    /// Risk limits that trim, that refuse, and a close-only run.
    public static let limits: [RiskLimits] = {
        var trim = RiskLimits()
        trim.maxOrderNotional = money("5000")
        trim.maxPosition = ["BTC/USD": quantity("1"), "ETH/USD": quantity("5"), "SOL/USD": quantity("100"), "EUR/USD": quantity("20000")]
        trim.priceBandBasisPoints = 1000
        trim.maxLeverage = Weight(raw: 3 * FixedPoint.scale)
        var refuse = trim
        refuse.orderNotionalBreach = .refuse
        refuse.positionBreach = .refuse
        refuse.leverageBreach = .refuse
        refuse.maxPosition = ["BTC/USD": quantity("0.35"), "ETH/USD": quantity("2")]
        refuse.deny = ["SOL/USD"]
        var closeOnly = RiskLimits()
        closeOnly.mode = .closeOnly
        closeOnly.maxOrderNotional = money("50000")
        return [trim, refuse, closeOnly]
    }()

    static func instrument(_ symbol: String, tick: String, lot: String, minimum: String) -> Instrument {
        let made = try? Instrument(symbol: symbol, tickSize: price(tick), lotSize: quantity(lot), minimumQuantity: quantity(minimum))
        guard let made else { fatalError("harness: bad instrument \(symbol)") }
        return made
    }

    public static func price(_ text: String) -> Price {
        guard let value = Price(text) else { fatalError("harness: bad price \(text)") }
        return value
    }

    public static func quantity(_ text: String) -> Quantity {
        guard let value = Quantity(text) else { fatalError("harness: bad quantity \(text)") }
        return value
    }

    public static func money(_ text: String) -> Money {
        guard let value = Money(text) else { fatalError("harness: bad amount \(text)") }
        return value
    }
}
