import Logging
import SignalWire
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

    static func id(_ sequence: UInt64) -> MirrorBoard.SignalID { .init(publisher: "p", channel: "c", sequence: sequence) }

    static func snapshot(_ weight: Int64, sequence: UInt64) -> MirrorBoard.Snapshot {
        .init(targets: [.init(symbol: "BTC/USD", quantity: .zero, weight: Weight(raw: weight * 100), price: Price("50000")!)], sealedAt: 0, id: id(sequence))
    }

    static func order(_ side: Side, _ quantity: String, sequence: UInt64) -> MirrorBoard.OrderSignal {
        .init(
            symbol: "BTC/USD", side: side, quantity: Quantity(quantity)!, type: "market", limit: nil, price: Price("50000")!, sealedAt: 0, id: id(sequence),
            publisherEquity: Money("20000")!)
    }

    static func run(_ board: MirrorBoard, policy: MirrorSettings, journaled: Set<String> = []) throws -> (BacktestResult, [String]) {
        let tags = OrderTags()
        let setup = try BacktestSetup(instruments: [btc], accountCurrency: "USD", cash: Money("10000")!, broker: .init(), runTag: "mirror", logger: Logger(label: "test"))
        let result = Backtest.run(MirrorStrategy(board: board, policy: policy, journaledTags: journaled, now: { 0 }), bars: bars(3), setup: setup, observers: [tags])
        return (result, tags.tags)
    }

    @Test func theNewestSnapshotIsHeldThroughMappedSymbolsAndOrdersCarryTheSignal() throws {
        let board = MirrorBoard()
        board.post(Self.snapshot(300_000, sequence: 7))
        board.post(Self.snapshot(900_000, sequence: 5))  // older: ignored
        let (result, tags) = try Self.run(board, policy: .init(symbolMap: ["BTC/USD": "XBT/USD"]))
        #expect(result.portfolio.positions[0].quantity == Quantity("0.06"))  // 30 % of 10 000 at 50 000
        #expect(tags == ["signal:c/7"])
        let settled = board.takeSettled()
        #expect(settled.map(\.id.sequence) == [5, 7])
        #expect(settled.map(\.status) == [.skipped, .applied])
        #expect(settled.last?.positions == ["XBT/USD": Quantity("0.06")!])
    }

    @Test func dryRunPlansButPlacesNothing() throws {
        let board = MirrorBoard()
        board.post(Self.snapshot(300_000, sequence: 1))
        let (result, tags) = try Self.run(board, policy: .init(symbolMap: ["BTC/USD": "XBT/USD"], dryRun: true))
        #expect(result.portfolio.positions[0].quantity == .zero)
        #expect(tags.isEmpty)
        let settled = board.takeSettled()
        #expect(settled.first?.positions["XBT/USD"] == Quantity("0.06"))
        #expect(settled.first?.reason == "dry run")
    }

    @Test func ordersModeCopiesEachOrderOnceAndScalesItByTheEquityRatio() throws {
        let board = MirrorBoard()
        board.post(Self.order(.buy, "0.2", sequence: 3))
        board.post(Self.order(.sell, "0.1", sequence: 4))
        board.post(Self.order(.buy, "0.2", sequence: 3))  // the same signal again: queued once
        let (result, tags) = try Self.run(board, policy: .init(mode: .orders, multiplier: "equity", symbolMap: ["BTC/USD": "XBT/USD"]))
        // 10 000 / 20 000 of each: +0.1 then -0.05
        #expect(tags == ["signal:c/3", "signal:c/4"])
        #expect(result.portfolio.positions[0].quantity == Quantity("0.05"))
        #expect(board.takeSettled().map(\.status) == [.applied, .applied])
    }

    @Test func aSignalTheJournalAlreadyHoldsIsNotPlacedAgain() throws {
        let board = MirrorBoard()
        board.post(Self.order(.buy, "0.2", sequence: 3))
        board.post(Self.order(.buy, "0.1", sequence: 4))
        let (_, tags) = try Self.run(board, policy: .init(mode: .orders, symbolMap: ["BTC/USD": "XBT/USD"]), journaled: ["signal:c/3"])
        #expect(tags == ["signal:c/4"])
        let settled = board.takeSettled()
        #expect(settled.map(\.status) == [.applied, .applied])
        #expect(settled.first?.reason == "placed before a restart")
    }

    @Test func pacedBySignalsASnapshotWaitsForABarAtItsOwnTime() throws {
        for (paced, expected) in [(false, "0.06"), (true, "0")] {
            let board = MirrorBoard()
            // Its time falls between the second and the third bar (bars are an hour apart).
            board.post(MirrorBoard.Snapshot(
                targets: [.init(symbol: "BTC/USD", quantity: .zero, weight: Weight("0.3")!, price: Price("50000")!)], sealedAt: 0, id: Self.id(1), time: 5_000_000))
            let setup = try BacktestSetup(instruments: [Self.btc], accountCurrency: "USD", cash: Money("10000")!, broker: .init(), runTag: "mirror", logger: Logger(label: "test"))
            let strategy = MirrorStrategy(board: board, policy: .init(symbolMap: ["BTC/USD": "XBT/USD"]), pacedBySignals: paced, now: { 0 })
            let result = Backtest.run(strategy, bars: Self.bars(3), setup: setup)
            // Not paced: applied at the first bar, filled at the second. Paced: placed at the third, still working.
            #expect(result.portfolio.positions[0].quantity == Quantity(expected), "paced \(paced)")
            #expect(board.takeSettled().count == 1)
        }
    }
}
