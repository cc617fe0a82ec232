import APISimulators
import Foundation
import Logging
import Notifiers
import SignalPublisher
import SignalWire
import SignetCrypto
import Testing
import TestSupport
import Trader
@testable import SignalSubscriber

@Suite("From a Slack channel to the subscriber's positions")
struct MirrorIntakeTests {
    @Test func snapshotsFromSlackAreMirroredAndEverySignalEndsRecorded() async throws {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let board = MirrorBoard()
        let policy = MirrorSettings(maxSignalAgeMilliseconds: 60_000)
        let intake = MirrorIntake(receiver: try line.makeReceiver(inbox: inbox), board: board, inbox: inbox, policy: policy, instruments: ["BTC/USD"])
        let slack = try await SlackLine(intake: intake, inbox: inbox)
        defer { Task { await slack.stop() } }

        func targets(_ weight: String) -> SignalPayload.Body {
            .targets(TargetsSignal(
                equity: Money("20000")!, currency: "USD",
                targets: [.init(symbol: "BTC/USD", quantity: Quantity("0.1")!, weight: Weight(weight)!, price: Price("50000")!)]))
        }
        let post = slack.post
        for body in [SignalReceiverTests.fill, targets("0.3"), targets("0.5")] { try await post.postMessage(channel: "C1", text: try line.seal(body)) }
        try await post.postMessage(channel: "C1", text: "morning all")
        try await eventually("three new signals and the chat line ignored") {
            let outcomes = await intake.outcomes
            return outcomes["new", default: 0] >= 3 && outcomes["ignored"] != nil
        }

        let instrument = try Instrument(symbol: "BTC/USD", tickSize: Price("0.1")!, lotSize: Quantity("0.001")!)
        let setup = try BacktestSetup(instruments: [instrument], cash: Money("10000")!, logger: Logger(label: "test"))
        let clock = line.clock
        let strategy = MirrorStrategy(board: board, policy: policy, now: { Int64(clock.nowMilliseconds()) })
        let result = Backtest.run(strategy, bars: MirrorStrategyTests.bars(2), setup: setup)
        try intake.settle()
        #expect(result.portfolio.positions[0].quantity == Quantity("0.1"))  // 50 % of 10 000 at 50 000
        #expect(try inbox.counts() == ["applied": 1, "skipped: superseded by a newer snapshot": 1, "skipped: target mode copies snapshots only": 1])
        #expect(try inbox.unapplied().isEmpty)
    }

    @Test func aRestartHandsOverWhatWasStoredButNotSettled() async throws {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let policy = MirrorSettings(mode: .orders)
        let first = MirrorIntake(receiver: try line.makeReceiver(inbox: inbox), board: MirrorBoard(), inbox: inbox, policy: policy, instruments: ["BTC/USD"])
        try await first.handle(try line.seal(.targets(TargetsSignal(equity: Money("20000")!, currency: "USD", targets: []))), transport: "slack")
        let order = OrderSignal(id: "live-1", symbol: "BTC/USD", side: .buy, quantity: Quantity("0.5")!, type: .market, limit: nil, price: Price("50000")!)
        try await first.handle(try line.seal(.order(order)), transport: "slack")
        // The process dies here: the order signal is stored, never settled.

        let board = MirrorBoard()
        let feed = SignalPriceFeed()
        let second = MirrorIntake(receiver: try line.makeReceiver(inbox: inbox), board: board, inbox: inbox, policy: policy, instruments: ["BTC/USD"], feed: feed)
        #expect(try await second.resume() == 1)
        let orders = board.takeOrders(reachedAt: .max)
        #expect(orders.map(\.id.sequence) == [2])
        #expect(orders.first?.publisherEquity == Money("20000"))
        feed.finish()
        var prices: [Price] = []
        for await bar in feed { prices.append(bar.close) }
        #expect(prices == [Price("50000")!])
        // Still unapplied until the strategy acts on it and the intake settles.
        #expect(try inbox.unapplied().map(\.sequence) == [2])
    }
}
