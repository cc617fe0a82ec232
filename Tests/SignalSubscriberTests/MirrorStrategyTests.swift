import Logging
import Testing
import Trader
@testable import SignalSubscriber

/// An observer that keeps every order's tag.
final class OrderTags: KernelObserver {
    var tags: [String] = []
    func kernel(submitted order: Order, marks: [Price]) { tags.append(order.tag) }
    func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {}
}

@Suite("Mirroring through the subscriber's own engine")
struct MirrorStrategyTests {
    static let btc = try! Instrument(symbol: "XBT/USD", tickSize: Price("0.1")!, lotSize: Quantity("0.001")!)

    static func bars(_ count: Int) -> [Bar] {
        (0..<count).map { index in
            Bar(instrument: 0, time: Int64(index) * 3_600_000, open: Price("50000")!, high: Price("50000")!, low: Price("50000")!, close: Price("50000")!, volume: Quantity("1")!)
        }
    }

    static func snapshot(_ weight: Int64, sequence: UInt64) -> TargetBoard.Snapshot {
        .init(targets: [.init(symbol: "BTC/USD", quantity: .zero, weightMicros: weight, price: Price("50000")!)], sealedAt: 0, publisher: "p", channel: "c", sequence: sequence)
    }

    static func run(_ board: TargetBoard, policy: Settings.Mirror) throws -> (BacktestResult, [String]) {
        let tags = OrderTags()
        let setup = try BacktestSetup(instruments: [btc], accountCurrency: "USD", cash: Money("10000")!, broker: .init(), runTag: "mirror", logger: Logger(label: "test"))
        let result = Backtest.run(MirrorStrategy(board: board, policy: policy, now: { 0 }), bars: bars(3), setup: setup, observers: [tags])
        return (result, tags.tags)
    }

    @Test func theNewestSnapshotIsHeldThroughMappedSymbolsAndOrdersCarryTheSignal() throws {
        let board = TargetBoard()
        board.post(Self.snapshot(300_000, sequence: 7))
        board.post(Self.snapshot(900_000, sequence: 5))  // older: ignored
        let (result, tags) = try Self.run(board, policy: .init(symbolMap: ["BTC/USD": "XBT/USD"]))
        #expect(result.portfolio.positions[0].quantity == Quantity("0.06"))  // 30 % of 10 000 at 50 000
        #expect(tags == ["signal:7"])
        let applied = board.takeApplied()
        #expect(applied.map(\.snapshot.sequence) == [7])
        #expect(applied.first?.plan.positions == ["XBT/USD": Quantity("0.06")!])
    }

    @Test func dryRunPlansButPlacesNothing() throws {
        let board = TargetBoard()
        board.post(Self.snapshot(300_000, sequence: 1))
        let (result, tags) = try Self.run(board, policy: .init(symbolMap: ["BTC/USD": "XBT/USD"], dryRun: true))
        #expect(result.portfolio.positions[0].quantity == .zero)
        #expect(tags.isEmpty)
        #expect(board.takeApplied().first?.plan.positions["XBT/USD"] == Quantity("0.06"))
    }
}
