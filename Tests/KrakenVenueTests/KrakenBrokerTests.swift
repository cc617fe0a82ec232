import APISimulators
import Foundation
import Logging
import Testing
import TestSupport
import Trader
@testable import KrakenVenue
import Transport

@Suite("Kraken broker against the simulator")
struct KrakenBrokerTests {
    func broker(_ world: KrakenWorld, socket: Bool = true, client: KrakenClient? = nil) throws -> KrakenBroker {
        KrakenBroker(client: try client ?? world.client(), instruments: [KrakenWorld.bitcoin], executionsURL: socket ? world.socketURL : nil, pollInterval: .seconds(3600))
    }

    func drain(_ broker: KrakenBroker) -> [BrokerEvent] {
        var events: [BrokerEvent] = []
        broker.drainEvents(into: &events)
        return events
    }

    func fills(_ events: [BrokerEvent]) -> [Fill] { events.compactMap { if case .filled(let fill) = $0 { fill } else { nil } } }

    static let empty = JournalState(cash: nil, positions: [], nextOrderNumber: 1)

    /// With the executions socket up the fill comes on it; without, from QueryOrders at once.
    @Test(arguments: [false, true])
    func aMarketOrderIsAcceptedAndFilledAtTheLastPriceBeforeTheStepEnds(socket: Bool) async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let broker = try broker(world, socket: socket)
        try await broker.start(resuming: Self.empty, portfolio: Portfolio(accountCurrency: "USD", cash: .zero, instruments: 1), logger: Logger(label: "test"))
        if socket { try await eventually("the executions subscription") { world.simulator.subscriptionCount == 1 } }
        broker.submit(Order(id: "live-000001", instrument: 0, side: .buy, quantity: Quantity("0.5")!, createdAt: 0))
        await broker.settle(upTo: .seconds(20))
        let events = drain(broker)
        #expect(events.count == 2)
        #expect(fills(events).map(\.price) == [KrakenWorld.candles()[0].open])
        #expect(fills(events).first?.fee == Money("80")!)  // 0.5 × 40 000 × 40 bp
        #expect(world.simulator.privateCalls.contains("QueryOrders") == !socket)
        await broker.stop()
    }

    @Test func aFillMadeWhileTheSocketWasDownIsBookedExactlyOnce() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let broker = try broker(world)
        try await broker.start(resuming: Self.empty, portfolio: Portfolio(accountCurrency: "USD", cash: .zero, instruments: 1), logger: Logger(label: "test"))
        try await eventually("the executions socket") { world.simulator.openSockets == 1 }
        // A resting buy 300 below the price: the third candle trades through it.
        broker.submit(Order(id: "live-000001", instrument: 0, side: .buy, quantity: Quantity("0.1")!, type: .limit(Price("39700.0")!), createdAt: 0))
        await broker.settle(upTo: .seconds(20))
        #expect(drain(broker).count == 1)  // accepted
        world.simulator.pauseSockets()
        world.simulator.dropSockets()
        for _ in 0..<4 { world.simulator.advance() }
        #expect(world.simulator.tradeIDs.count == 1)
        world.simulator.resumeSockets()
        var booked: [Fill] = []
        try await eventually("the missed fill") {
            booked += fills(drain(broker))
            return !booked.isEmpty
        }
        // Reconnection again (and its reconciliation) books nothing more.
        let balanceChecks = world.simulator.privateCalls.filter { $0 == "Balance" }.count
        world.simulator.dropSockets()
        try await eventually("a second reconnection") { world.simulator.openSockets == 1 }
        // The reconciliation after a reconnection ends with a balance check: wait for that event, not for time.
        try await eventually("the reconciliation after the reconnection") {
            world.simulator.privateCalls.filter { $0 == "Balance" }.count > balanceChecks
        }
        await broker.settle(upTo: .seconds(5))
        booked += fills(drain(broker))
        #expect(booked.count == 1)
        #expect(booked.first?.price == Price("39700.0")! && booked.first?.quantity == Quantity("0.1")!)
        await broker.stop()
    }

    @Test func startUpReconciliationBooksMissedFillsResumesWorkingOrdersAndReportsExternalOnes() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let client = try world.client()
        // A previous session placed two orders, then stopped: one fills while it is away, one still rests.
        _ = try await client.placeOrder(KrakenOrderRequest(pair: "XBTUSD", side: .buy, limitPrice: Price("39800.0"), volume: Quantity("0.1")!, clientOrderID: "live-000001"))
        _ = try await client.placeOrder(KrakenOrderRequest(pair: "XBTUSD", side: .buy, limitPrice: Price("30000.0"), volume: Quantity("0.1")!, clientOrderID: "live-000002"))
        // Someone trades on the same account by hand.
        _ = try world.simulator.placeExternalOrder(symbol: "BTC/USD", side: .buy, volume: Quantity("0.2")!, limit: Price("31000.0"))
        for _ in 0..<3 { world.simulator.advance() }
        var journal = Self.empty
        journal.workingOrders = [
            Order(id: "live-000001", instrument: 0, side: .buy, quantity: Quantity("0.1")!, type: .limit(Price("39800.0")!), createdAt: 0),
            Order(id: "live-000002", instrument: 0, side: .buy, quantity: Quantity("0.1")!, type: .limit(Price("30000.0")!), createdAt: 1),
            Order(id: "live-000003", instrument: 0, side: .buy, quantity: Quantity("0.1")!, createdAt: 2),  // journaled, never sent
        ]
        let broker = try broker(world, socket: false)
        journal.submittedOrderIDs = ["live-000001", "live-000002", "live-000003"]
        try await broker.start(resuming: journal, portfolio: Portfolio(accountCurrency: "USD", cash: .zero, instruments: 1), logger: Logger(label: "test"))
        let events = drain(broker)
        #expect(fills(events).map(\.orderID) == ["live-000001"])
        #expect(events.contains { if case .cancelled(let order, _) = $0 { order.id == "live-000003" } else { false } })
        #expect(broker.openOrders.map(\.id) == ["live-000002"])
        #expect(broker.balances["USD"] != nil)
        await broker.stop()
    }

    @Test func aPartlyFilledOrderStaysWorkingAndItsFillsAreNotBookedTwiceAcrossARestart() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let order = Order(id: "live-000001", instrument: 0, side: .buy, quantity: Quantity("0.2")!, type: .limit(Price("39000.0")!), createdAt: 0)
        // One client for both sessions: its nonces keep increasing, as the nonce file makes them across restarts.
        let client = try world.client()
        let first = try broker(world, socket: false, client: client)
        try await first.start(resuming: Self.empty, portfolio: Portfolio(accountCurrency: "USD", cash: .zero, instruments: 1), logger: Logger(label: "test"))
        first.submit(order)
        await first.settle(upTo: .seconds(20))
        #expect(drain(first).count == 1)  // accepted
        #expect(world.simulator.fillPart(clientOrderID: "live-000001", volume: Quantity("0.05")!))
        first.reconcileNow()
        var events: [BrokerEvent] = []
        try await eventually("the partial fill") {
            events += drain(first)
            return events.count >= 2
        }
        #expect(fills(events).map(\.quantity) == [Quantity("0.05")!])
        // The rest is working again, for the engine too (an accepted event with what is left).
        guard case .accepted(let rest) = events.last else {
            Issue.record("no accepted event for the rest: \(events)")
            return
        }
        #expect(rest.quantity == Quantity("0.15")! && first.openOrders.map(\.quantity) == [Quantity("0.15")!])
        await first.stop()

        // The run stops; the rest fills while it is away; a new session resumes from the journal.
        #expect(world.simulator.fillPart(clientOrderID: "live-000001", volume: Quantity("0.15")!))
        var journal = Self.empty
        journal.workingOrders = [rest]
        journal.submittedOrderIDs = ["live-000001"]
        journal.fills = fills(events)
        let second = try broker(world, socket: false, client: client)
        try await second.start(resuming: journal, portfolio: Portfolio(accountCurrency: "USD", cash: .zero, instruments: 1), logger: Logger(label: "test"))
        let resumed = drain(second)
        #expect(fills(resumed).map(\.quantity) == [Quantity("0.15")!], "\(resumed)")
        #expect(second.openOrders.isEmpty)
        await second.stop()
    }
}
