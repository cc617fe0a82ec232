import APISimulators
import Foundation
import Testing
import Trader
@testable import KrakenVenue
import Transport

@Suite("Kraken REST client against the simulator")
struct KrakenClientTests {
    @Test func signedCallsPassTheSimulatorsChecksAndAWrongSecretDoesNot() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let balances = try await world.client().balance()
        #expect(balances["ZUSD"] == Money(units: 100_000))
        let other = Digests_base64(Array(repeating: 7, count: 64))
        await #expect(throws: KrakenError.self) { try await world.client(secret: other).balance() }
        do {
            _ = try await world.client(secret: other).balance()
        } catch let error as KrakenError {
            #expect(error.code == .invalidSignature && error.apiError == "EAPI:Invalid signature")
        }
    }

    @Test func publicCallsDescribeThePairAndItsBars() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let pairs = try await world.client().assetPairs()
        let pair = try #require(pairs.pair(symbol: "BTC/USD"))
        #expect(pair.restName == "XXBTZUSD" && pair.altName == "XBTUSD" && pair.tickSize == Price(raw: 10_000_000, precision: 1))
        #expect(pairs.pair(krakenName: "XBTUSD") == pair)
        #expect(try pair.instrument().minimumQuantity == Quantity(raw: 10_000, precision: 4))
        world.simulator.advance()
        world.simulator.advance()
        let bars = try await world.client().ohlc(pair, instrument: 0, intervalMinutes: 1)
        #expect(bars.map(\.time) == KrakenWorld.candles().prefix(2).map(\.time))
        #expect(try await world.client().lastPrice("XBTUSD") == KrakenWorld.candles()[2].open)
    }

    @Test func refusalsMadeBeforeProcessingAreSentAgainWithANewNonce() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        world.simulator.inject(.invalidNonce)
        world.simulator.inject(.rateLimit)
        _ = try await world.client().balance()
        #expect(world.simulator.privateCalls == ["Balance", "Balance", "Balance"])
    }

    @Test func anAddOrderAnsweredTooLateIsLookedUpAndNotPlacedTwice() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        world.simulator.inject(.answerLate(.seconds(3)), on: "AddOrder")
        let client = try world.client(timeout: .milliseconds(700))
        let request = KrakenOrderRequest(pair: "XBTUSD", side: .buy, limitPrice: Price("30000.0"), volume: Quantity("0.01")!, clientOrderID: "live-000001")
        let txid = try await client.placeOrder(request)
        #expect(world.simulator.orders.count == 1)
        #expect(world.simulator.orders.first?.txid == txid && world.simulator.orders.first?.clientOrderID == "live-000001")
        #expect(world.simulator.privateCalls.filter { $0 == "AddOrder" }.count == 1)
    }

    @Test func anAddOrderRefusedAsUnavailableIsLookedUpThenSentOnce() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        world.simulator.inject(.unavailable, on: "AddOrder")
        let request = KrakenOrderRequest(pair: "XBTUSD", side: .buy, volume: Quantity("0.01")!, clientOrderID: "live-000002")
        _ = try await world.client().placeOrder(request)
        #expect(world.simulator.orders.count == 1)
        #expect(world.simulator.privateCalls.filter { $0 == "AddOrder" }.count == 2)
        #expect(world.simulator.privateCalls.contains("OpenOrders"))
    }

    @Test func anAddOrderWhoseConnectionBrokeAfterKrakenPlacedItIsNotPlacedAgain() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        world.simulator.inject(.dropAfterProcessing, on: "AddOrder")
        let txid = try await world.client().placeOrder(
            KrakenOrderRequest(pair: "XBTUSD", side: .buy, limitPrice: Price("35000.0"), volume: Quantity("0.01")!, clientOrderID: "live-000003"))
        #expect(world.simulator.orders.map(\.txid) == [txid])
        #expect(world.simulator.privateCalls.filter { $0 == "AddOrder" }.count == 1)
    }

    @Test(arguments: [
        (Quantity("10")!, KrakenError.Code.insufficientFunds),
        (Quantity("0.00001")!, KrakenError.Code.orderMinimum),
    ])
    func refusedOrdersComeBackTyped(volume: Quantity, code: KrakenError.Code) async throws {
        let world = try await KrakenWorld.start(usd: 1_000)
        defer { Task { await world.server.stop() } }
        do {
            _ = try await world.client().placeOrder(KrakenOrderRequest(pair: "XBTUSD", side: .buy, volume: volume, clientOrderID: "x1"))
            Issue.record("accepted")
        } catch let error as KrakenError {
            #expect(error.code == code)
        }
        #expect(world.simulator.orders.isEmpty)
    }

    @Test func validateChecksAnOrderWithoutPlacingIt() async throws {
        let world = try await KrakenWorld.start()
        defer { Task { await world.server.stop() } }
        let txids = try await world.client().addOrder(KrakenOrderRequest(pair: "XBTUSD", side: .buy, volume: Quantity("0.01")!, clientOrderID: "v1"), validate: true)
        #expect(txids.isEmpty && world.simulator.orders.isEmpty)
    }

    @Test(arguments: [("live-000042", "live-000042")])
    func shortOrderIDsAreTheirOwnClientIDsAndLongOnesAStableUUID(id: String, expected: String) throws {
        #expect(try KrakenOrderRequest.clientOrderID(for: id) == expected)
        let long = try KrakenOrderRequest.clientOrderID(for: "mirror-8f3a2b-000123-target")
        let again = try KrakenOrderRequest.clientOrderID(for: "mirror-8f3a2b-000123-target")
        #expect(long.count == 36 && long == again && long.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
    }
}

private func Digests_base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
