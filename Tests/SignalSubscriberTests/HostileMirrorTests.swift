import Foundation
import Logging
import SignalWire
import Testing
import TestSupport
import Trader
@testable import SignalSubscriber

/// Signed orders a hostile or broken publisher could send, posted through the Slack simulator and
/// mirrored by the subscriber's own engine under the owner's risk limits.
@Suite("Hostile signals through the real mirror never pass the owner's limits")
struct HostileMirrorTests {
    static let instrument = MirrorResyncTests.instrument

    static func order(_ id: String, _ side: Side, _ quantity: String, limit: String? = nil) -> SignalPayload.Body {
        .order(OrderSignal(
            id: id, symbol: "BTC/USD", side: side, quantity: Quantity(quantity)!, type: limit == nil ? .market : .limit,
            limit: limit.flatMap { Price($0) }, price: Price("50000")!))
    }

    /// Posts `bodies` through Slack, mirrors them at a market of 50 000 under `limits`, and returns the run.
    static func mirror(_ bodies: [SignalPayload.Body], limits: RiskLimits, policy: MirrorSettings) async throws -> BacktestResult {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let board = MirrorBoard()
        let intake = MirrorIntake(receiver: try line.makeReceiver(inbox: inbox), board: board, inbox: inbox, policy: policy, instruments: ["BTC/USD"])
        let slack = try await SlackLine(intake: intake, inbox: inbox)
        for body in bodies { try await slack.post.postMessage(channel: "C1", text: try line.seal(body)) }
        try await MirrorResyncTests.waitFor(intake, new: bodies.count)
        var setup = try BacktestSetup(instruments: [Self.instrument], cash: Money("10000")!, logger: Logger(label: "test"))
        setup.risk = limits
        let clock = line.clock
        let strategy = MirrorStrategy(board: board, policy: policy, now: { Int64(clock.nowMilliseconds()) })
        let result = Backtest.run(strategy, bars: MirrorResyncTests.bars(at: "50000", count: 4), setup: setup)
        try intake.settle()
        await slack.stop()
        return result
    }

    @Test(arguments: [
        ("a huge market order", [order("a", .buy, "1000")]),
        ("a limit order priced at 0.00000001", [order("b", .buy, "10", limit: "0.00000001")]),
        ("a burst of orders in one step", (0..<6).map { order("c\($0)", .buy, "0.5") }),
        ("a resting limit far below, then market orders", [order("d", .buy, "3", limit: "40000")] + (0..<3).map { order("e\($0)", .buy, "1") }),
    ])
    func noOrderPassesMaxNotionalOrMaxPosition(name: String, bodies: [SignalPayload.Body]) async throws {
        var limits = RiskLimits()
        limits.maxOrderNotional = Money("1000")
        limits.maxPosition = ["BTC/USD": Quantity("0.05")!]
        let result = try await Self.mirror(bodies, limits: limits, policy: MirrorSettings(mode: .orders))
        let held = result.portfolio.positions[0].quantity
        #expect(held.raw >= 0 && held <= Quantity("0.05")!, "\(name): holds \(held)")
    }

    @Test func aLeverageBoundHoldsWhateverTheTargetWeight() async throws {
        var limits = RiskLimits()
        limits.maxLeverage = Weight("1")
        let targets = SignalPayload.Body.targets(TargetsSignal(
            equity: Money("20000")!, currency: "USD", targets: [.init(symbol: "BTC/USD", quantity: .zero, weight: Weight("9.9")!, price: Price("50000")!)]))
        let result = try await Self.mirror([targets], limits: limits, policy: MirrorSettings(mode: .target))
        let exposure = try #require(Price("50000")!.notional(result.portfolio.positions[0].quantity))
        #expect(exposure <= Money("10000")!, "exposure \(exposure) on 10 000 of equity")
        #expect(result.portfolio.positions[0].quantity.raw > 0, "the target is followed as far as the bound allows")
    }
}
