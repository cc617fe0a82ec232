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
import Transport

/// A Slack channel with a subscriber reading it into `intake`, and the publisher's bot to post.
struct SlackLine {
    let simulator: SlackSimulator
    let server: SimulatorServer
    let post: SlackClient
    let source: Task<Void, any Error>

    init(intake: MirrorIntake, inbox: Inbox) async throws {
        simulator = SlackSimulator(
            bots: [.init(token: "xoxb-pub", userID: "U1", botID: "B1"), .init(token: "xoxb-sub", userID: "U2", botID: "B2")], appTokens: ["xapp-sub"],
            channels: ["C1"])
        server = try await simulator.start()
        let base = "\(server.baseURL)/api"
        let socket = SlackSocketMode(app: SlackClient(token: Secret("xapp-sub"), baseURL: base, limiter: nil))
        let feed = SlackChannelFeed(web: SlackClient(token: Secret("xoxb-sub"), baseURL: base, limiter: nil), socket: socket, channel: "C1")
        source = Task { try await SlackSignalSource(feed: feed, channel: "C1", inbox: inbox) { try await intake.handle($0, transport: "slack") }.run() }
        post = SlackClient(token: Secret("xoxb-pub"), baseURL: base, limiter: nil)
        let simulator = simulator
        try await eventually("the socket") { simulator.openSockets == 1 }
    }

    func stop() async {
        source.cancel()
        await server.stop()
    }
}

@Suite("Gaps, late and slipped signals, from Slack to the subscriber's engine")
struct MirrorResyncTests {
    static let instrument = try! Instrument(symbol: "BTC/USD", tickSize: Price("0.1")!, lotSize: Quantity("0.001")!)

    static func targets(_ weight: String) -> SignalPayload.Body {
        .targets(TargetsSignal(
            equity: Money("20000")!, currency: "USD", targets: [.init(symbol: "BTC/USD", quantity: .zero, weight: Weight(weight)!, price: Price("50000")!)]))
    }

    static func waitFor(_ intake: MirrorIntake, new count: Int) async throws {
        try await eventually("\(count) new signals") { await intake.outcomes["new", default: 0] >= count }
        #expect(await intake.outcomes["new", default: 0] == count)
    }

    static func bars(at price: String, count: Int) -> [Bar] {
        (0..<count).map { Bar(instrument: 0, time: Int64($0) * 60_000, open: Price(price)!, high: Price(price)!, low: Price(price)!, close: Price(price)!, volume: .zero) }
    }

    @Test func aGapIsReportedAndTargetModeResynchronisesFromTheNextSnapshotNeverGoingBack() async throws {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let board = MirrorBoard()
        let intake = MirrorIntake(receiver: try line.makeReceiver(inbox: inbox), board: board, inbox: inbox, policy: .init(), instruments: ["BTC/USD"])
        let slack = try await SlackLine(intake: intake, inbox: inbox)
        let sealed = try ["0.2", "0.3", "0.4", "0.1", "0.5"].map { try line.seal(Self.targets($0)) }
        // Snapshots 2 to 4 never reach this subscriber.
        for index in [0, 4] { try await slack.post.postMessage(channel: "C1", text: sealed[index]) }
        try await Self.waitFor(intake, new: 2)
        let publisher = "\(line.desk.publicIdentity.keyID)", channel = "\(line.key.channel)"
        #expect(try inbox.gaps(publisher: publisher, channel: channel) == [2, 3, 4])

        let setup = try BacktestSetup(instruments: [Self.instrument], cash: Money("10000")!, logger: Logger(label: "test"))
        let clock = line.clock
        let strategy = MirrorStrategy(board: board, policy: .init(), now: { Int64(clock.nowMilliseconds()) })
        var result = Backtest.run(strategy, bars: Self.bars(at: "50000", count: 2), setup: setup)
        try intake.settle()
        #expect(result.portfolio.positions[0].quantity == Quantity("0.1"), "the whole state from snapshot 5: 50 % of 10 000 at 50 000")

        // Snapshot 3 turns up late (another transport, a history fill): stored, never applied.
        try await slack.post.postMessage(channel: "C1", text: sealed[2])
        try await Self.waitFor(intake, new: 3)
        #expect(try inbox.gaps(publisher: publisher, channel: channel) == [2, 4])
        result = Backtest.run(strategy, bars: Self.bars(at: "50000", count: 2), setup: setup)
        try intake.settle()
        #expect(result.summary.trades == 0, "nothing left to apply")
        let counts = try inbox.counts()
        #expect(counts["skipped: older than snapshot 5, already received"] == 1, "\(counts)")
        #expect(try inbox.unapplied().isEmpty)
        await slack.stop()
    }

    @Test func anOrderWhosePriceSlippedPastTheLimitIsSkippedAndTheNextIsCopied() async throws {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let board = MirrorBoard()
        let policy = MirrorSettings(mode: .orders, maxPriceDeviation: 50)
        let intake = MirrorIntake(receiver: try line.makeReceiver(inbox: inbox), board: board, inbox: inbox, policy: policy, instruments: ["BTC/USD"])
        let slack = try await SlackLine(intake: intake, inbox: inbox)
        for price in ["50000", "51020"] {
            let order = SignalPayload.Body.order(OrderSignal(
                id: "live-\(price)", symbol: "BTC/USD", side: .buy, quantity: Quantity("0.01")!, type: .market, limit: nil, price: Price(price)!))
            try await slack.post.postMessage(channel: "C1", text: try line.seal(order))
        }
        try await Self.waitFor(intake, new: 2)

        // The subscriber's own market trades at 51 000: 2 % from the first order's price, 4 bp from the second's.
        let setup = try BacktestSetup(instruments: [Self.instrument], cash: Money("10000")!, logger: Logger(label: "test"))
        let clock = line.clock
        let result = Backtest.run(MirrorStrategy(board: board, policy: policy, now: { Int64(clock.nowMilliseconds()) }), bars: Self.bars(at: "51000", count: 3), setup: setup)
        try intake.settle()
        #expect(result.portfolio.positions[0].quantity == Quantity("0.01"))
        let reasons = try inbox.all().compactMap(\.reason)
        #expect(reasons.contains { $0.contains("bp from the publisher's 50000") }, "\(reasons)")
        #expect(try inbox.counts()["applied"] == 1)
        await slack.stop()
    }
}
