import Foundation
import Logging
import Synchronization
import Testing
@testable import Trader

/// A paper broker whose `skewAt`-th fill is booked `basisPoints` worse: a live venue that did not
/// fill as the simulation would.
final class SkewedBroker: LiveBroker {
    let paper: PaperBroker
    let skewAt: Int
    let basisPoints: Int64
    private var fills = 0
    /// Told the skewed fill, once it happened.
    let skewed: @Sendable (Fill) -> Void

    init(_ paper: PaperBroker, skewAt: Int, basisPoints: Int64, skewed: @escaping @Sendable (Fill) -> Void) {
        self.paper = paper
        self.skewAt = skewAt
        self.basisPoints = basisPoints
        self.skewed = skewed
    }

    func submit(_ order: Order) { paper.submit(order) }
    func cancel(orderID: String) { paper.cancel(orderID: orderID) }
    var openOrders: [Order] { paper.openOrders }
    var balances: [String: Money] { paper.balances }
    func process(_ bar: Bar) { paper.process(bar) }
    func process(_ tick: Tick) { paper.process(tick) }
    func drainEvents(into events: inout [BrokerEvent]) {
        var own: [BrokerEvent] = []
        paper.drainEvents(into: &own)
        for event in own {
            guard case .filled(var fill) = event else {
                events.append(event)
                continue
            }
            fills += 1
            if fills == skewAt {
                fill.price = fill.price.adjusted(byBasisPoints: fill.side == .buy ? basisPoints : -basisPoints, tick: Price(raw: 1_000, precision: 5)) ?? fill.price
                skewed(fill)
            }
            events.append(.filled(fill))
        }
    }
    func start(resuming state: JournalState, portfolio: Portfolio, logger: Logger) async throws {
        try await paper.start(resuming: state, portfolio: portfolio, logger: logger)
    }
    func settle(upTo limit: Duration) async {}
    func stop() async {}
    var failure: (any Error)? { nil }
}

final class SkewedFill: Sendable {
    let fill = Mutex<Fill?>(nil)
}

/// Keeps the warnings a run sends to its alert handlers.
final class AlertInbox: Sendable {
    let messages = Mutex<[String]>([])

    func handler() -> any LogHandler { Handler(inbox: self) }

    struct Handler: LogHandler {
        let inbox: AlertInbox
        var logLevel: Logger.Level = .warning
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { inbox.messages.withLock { $0.append("\(event.message)") } }
    }
}

@Suite("Shadow simulation beside a live run")
struct ShadowTests {
    static func bars() throws -> [Bar] { Array(try CSVBars.read(dataFile("eurusd_1h.csv")).prefix(400)) }

    static func configuration(home: String, fee: Int64 = 10, slippage: Int64 = 2) throws -> LiveRunConfiguration {
        var configuration = LiveRunConfiguration(
            name: "sma", home: home, schedule: try RebalanceSchedule(parsing: "1h"), instruments: [try Instrument(symbol: "EUR/USD", tickSize: p("0.00001"), lotSize: q("1"))],
            cash: m("10000"), paper: .init(feeBasisPoints: fee, slippageBasisPoints: slippage), barMilliseconds: 3_600_000, consoleLevel: .critical)
        configuration.shadow = ShadowConfiguration(paper: .init(feeBasisPoints: fee, slippageBasisPoints: slippage))
        return configuration
    }

    static func rows(_ home: String) throws -> [TrackingTable.Row] {
        try TrackingTable.rows(databasePath: "\(home)/alphas/sma/live_trading/paper/log.sqlite")
    }

    @Test func aPaperRunAndItsShadowAgreeExactlyWhenFeesAndSlippageAgree() async throws {
        let home = try TemporaryHome()
        let bars = try Self.bars()
        try await LiveRun(strategy: try SMACross(fast: 3, slow: 8), feed: ReplayFeed(bars: bars, speed: 0), configuration: try Self.configuration(home: home.path)).run()
        let rows = try Self.rows(home.path)
        #expect(rows.count == bars.count + 1)  // every bar, and the exit
        #expect(rows.allSatisfy { !$0.diverged && $0.liveEquity == $0.shadowEquity && $0.fills == "[]" }, "\(rows.first { $0.diverged }.map { "\($0)" } ?? "")")
        let fills = try String(contentsOfFile: "\(home.path)/alphas/sma/live_trading/paper/orders.csv", encoding: .utf8).components(separatedBy: ",filled,").count - 1
        #expect(fills > 10, "the strategy traded: \(fills) fills")
    }

    @Test func aFillThatDiffersIsDetectedAtItsBarAndAlerted() async throws {
        let home = try TemporaryHome()
        let bars = try Self.bars()
        let alerts = AlertInbox()
        var configuration = try Self.configuration(home: home.path)
        configuration.alerts = { _ in alerts.handler() }
        let skewed = SkewedFill()
        let run = LiveRun(
            strategy: try SMACross(fast: 3, slow: 8), feed: ReplayFeed(bars: bars, speed: 0), configuration: configuration,
            broker: { config, _ in
                SkewedBroker(
                    PaperBroker(instruments: config.instruments, accountCurrency: config.accountCurrency, cash: config.cash, configuration: config.paper),
                    skewAt: 5, basisPoints: 30, skewed: { fill in skewed.fill.withLock { $0 = fill } })
            })
        try await run.run()
        let fill = try #require(skewed.fill.withLock { $0 })
        let rows = try Self.rows(home.path)
        let first = try #require(rows.first { $0.diverged })
        #expect(first.time == fill.time, "first divergence at \(Timestamp.format(first.time)), skewed fill at \(Timestamp.format(fill.time))")
        #expect(first.reasons.contains("order \(fill.orderID) filled at \(fill.price) live"), "\(first.reasons)")
        #expect(first.fills.contains("\"slippage_bps\":30"), "\(first.fills)")
        #expect(rows.filter { $0.time < fill.time }.allSatisfy { !$0.diverged })
        #expect(alerts.messages.withLock { $0 }.contains { $0.contains("diverged") && $0.contains(fill.orderID) })
    }

    @Test func differentFeesInTheShadowShowAsEquityDivergence() async throws {
        let home = try TemporaryHome()
        var configuration = try Self.configuration(home: home.path)
        configuration.shadow?.paper.feeBasisPoints = 0
        configuration.shadow?.thresholds.equityBasisPoints = 1
        try await LiveRun(strategy: try SMACross(fast: 3, slow: 8), feed: ReplayFeed(bars: try Self.bars(), speed: 0), configuration: configuration).run()
        let rows = try Self.rows(home.path)
        let first = try #require(rows.first { $0.diverged })
        #expect(first.reasons.contains("equity"))
        #expect(rows.last.map { $0.shadowEquity > $0.liveEquity } == true, "no fees: the shadow ends richer")
    }
}

@Suite("Comparing live and shadow step by step")
struct ShadowComparisonTests {
    static let instrument = try! Instrument(symbol: "BTC/USD", tickSize: p("0.1"), lotSize: q("0.0001"))

    static func book(_ quantity: String, cash: String) -> Portfolio {
        var portfolio = Portfolio(accountCurrency: "USD", cash: m("10000"), instruments: 1)
        if quantity != "0" { portfolio.apply(Fill(orderID: "x", instrument: 0, side: .buy, quantity: q(quantity), price: p("40000"), fee: .zero, time: 0), quote: "USD") }
        return portfolio
    }

    static func fill(_ id: String, _ price: String) -> Fill {
        Fill(orderID: id, instrument: 0, side: .buy, quantity: q("0.1"), price: p(price), fee: .zero, time: 0)
    }

    /// A venue fills a market order at once, the shadow's paper broker at the next bar: a step apart, same price.
    @Test func aFillOneStepApartAtTheSamePriceIsNotADivergence() {
        let marks = [p("40000")]
        let first = ShadowComparison.compare(
            time: 1, instruments: [Self.instrument], live: Self.book("0.1", cash: "6000"), shadow: Self.book("0", cash: "10000"), marks: marks,
            liveFills: [Self.fill("live-1", "40000")], shadowFills: [], thresholds: .init())
        #expect(!first.diverged && first.unmatchedLive.map(\.orderID) == ["live-1"])
        let second = ShadowComparison.compare(
            time: 2, instruments: [Self.instrument], live: Self.book("0.1", cash: "6000"), shadow: Self.book("0.1", cash: "6000"), marks: marks, liveFills: [],
            shadowFills: [Self.fill("live-1", "40000")], pendingLive: first.unmatchedLive, thresholds: .init())
        #expect(!second.diverged, "\(second.reasons)")
    }

    @Test func aFillTheOtherSideStillLacksAStepLaterIsADivergence() {
        let marks = [p("40000")]
        let first = ShadowComparison.compare(
            time: 1, instruments: [Self.instrument], live: Self.book("0.1", cash: "6000"), shadow: Self.book("0", cash: "10000"), marks: marks,
            liveFills: [Self.fill("live-1", "40000")], shadowFills: [], thresholds: .init())
        let second = ShadowComparison.compare(
            time: 2, instruments: [Self.instrument], live: Self.book("0.1", cash: "6000"), shadow: Self.book("0", cash: "10000"), marks: marks, liveFills: [],
            shadowFills: [], pendingLive: first.unmatchedLive, thresholds: .init())
        #expect(second.reasons.contains("order live-1 filled live but not in the shadow"))
        #expect(second.reasons.contains("BTC/USD position 0.1 live vs 0 shadow") || second.reasons.contains { $0.hasPrefix("BTC/USD position") })
    }
}
