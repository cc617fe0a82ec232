import Foundation
import Logging
import SignalWire
import Synchronization
import Testing
import Trader
@testable import SignalSubscriber

@Suite("A signal the subscriber died on twice is set aside")
struct QuarantineTests {
    @Test func theThirdAttemptAtTheSameSignalQuarantinesItInsteadOfTradingIt() async throws {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let sealed = try line.seal(HostileMirrorTests.order("q", .buy, "0.01"))
        let setup = try BacktestSetup(instruments: [MirrorResyncTests.instrument], cash: Money("10000")!, logger: Logger(label: "test"))
        let clock = line.clock
        let policy = MirrorSettings(mode: .orders, maxSignalAgeMilliseconds: nil)
        // Three sessions that each take the signal and die before settling it (no settle between them).
        var results: [BacktestResult] = []
        for session in 0..<3 {
            let board = MirrorBoard()
            let intake = MirrorIntake(
                receiver: try line.makeReceiver(inbox: inbox), board: board, inbox: inbox, policy: policy, instruments: ["BTC/USD"])
            if session == 0 { try await intake.handle(sealed, transport: "slack") } else { try await intake.resume() }
            let attempt: @Sendable (MirrorBoard.SignalID) -> Int = { id in
                (try? inbox.noteAttempt(publisher: id.publisher, channel: id.channel, sequence: id.sequence)) ?? 1
            }
            let strategy = MirrorStrategy(board: board, policy: policy, attempt: attempt, now: { Int64(clock.nowMilliseconds()) })
            results.append(Backtest.run(strategy, bars: MirrorResyncTests.bars(at: "50000", count: 2), setup: setup))
            if session == 2 { try intake.settle() }
        }
        #expect(results[0].summary.trades == 1 && results[1].summary.trades == 1, "the first two attempts act")
        #expect(results[2].summary.trades == 0, "the third does not")
        #expect(try inbox.all().first?.status == .quarantined)
    }
}

@Suite("Orders that arrive out of order")
struct LateOrderTests {
    static func run(allowLate: Bool) async throws -> (BacktestResult, [String]) {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let board = MirrorBoard()
        let policy = MirrorSettings(mode: .orders, maxSignalAgeMilliseconds: nil, allowLate: allowLate)
        let intake = MirrorIntake(receiver: try line.makeReceiver(inbox: inbox), board: board, inbox: inbox, policy: policy, instruments: ["BTC/USD"])
        let early = try line.seal(HostileMirrorTests.order("early", .buy, "0.01"))
        _ = try line.seal(HostileMirrorTests.order("later", .buy, "0.01"))
        let setup = try BacktestSetup(instruments: [MirrorResyncTests.instrument], cash: Money("10000")!, logger: Logger(label: "test"))
        let clock = line.clock
        // #2 was copied already (its tag is in the journal); #1 turns up afterwards (a slow transport, a gap filled).
        let strategy = MirrorStrategy(
            board: board, policy: policy, journaledTags: ["signal:\(line.key.channel)/2"], now: { Int64(clock.nowMilliseconds()) })
        try await intake.handle(early, transport: "telegram")
        let result = Backtest.run(strategy, bars: MirrorResyncTests.bars(at: "50000", count: 2), setup: setup)
        try intake.settle()
        return (result, try inbox.all().compactMap(\.reason))
    }

    @Test func anOrderArrivingAfterALaterOneIsSkippedByDefault() async throws {
        let (result, reasons) = try await Self.run(allowLate: false)
        #expect(result.summary.trades == 0)
        #expect(reasons.contains { $0.hasPrefix("late: arrived after order #2 was copied") }, "\(reasons)")
    }

    @Test func allowLateCopiesIt() async throws {
        let (result, reasons) = try await Self.run(allowLate: true)
        #expect(result.summary.trades == 1)
        #expect(!reasons.contains { $0.hasPrefix("late") })
    }
}
