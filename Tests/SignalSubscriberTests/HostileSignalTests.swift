import Foundation
import SignalWire
import SignetCrypto
import Testing
import Trader
@testable import SignalSubscriber

@Suite("Signed signals a subscriber must not trade")
struct HostileSignalTests {
    @Test func textSealedOnTheChannelIsRefusedNotTraded() throws {
        let line = try Line()
        let (receiver, inbox) = try line.receiver()
        let sealed = try line.sealer.seal(Array("BUY 1000 BTC/USD".utf8), contentType: .text).text
        guard case .refused(let code, let message) = try receiver.receive(sealed, transport: "slack") else {
            Issue.record("text accepted as a signal")
            return
        }
        #expect(code == "malformedPayload" && message.contains("not a trading signal"))
        #expect(try inbox.all().isEmpty)
    }

    @Test func aSequenceBeyondTwoToTheSixtyThreeIsRefusedWithoutTrapping() throws {
        let line = try Line()
        let sealer = try ChannelSealer(
            identity: line.desk, key: line.key, sequence: MemorySequenceCounter(next: UInt64(Int64.max) + 1), clock: line.clock)
        let sealed = try sealer.seal(SignalPayload(time: 1_763_700_000_000, source: "desk", body: .heartbeat).encoded()).text
        let (receiver, inbox) = try line.receiver()
        guard case .refused(_, let message) = try receiver.receive(sealed, transport: "telegram") else {
            Issue.record("sequence 2^63 accepted")
            return
        }
        #expect(message.contains("beyond 2^63"))
        #expect(try inbox.all().isEmpty)
    }

    @Test(arguments: [
        SignalPayload.Body.order(OrderSignal(
            id: "x", symbol: "BTC/USD", side: .buy, quantity: Quantity(raw: 0), type: .market, limit: nil, price: Price("1")!)),
        .order(OrderSignal(
            id: "x", symbol: "BTC/USD", side: .buy, quantity: Quantity("1")!, type: .limit, limit: Price(raw: 0), price: Price("1")!)),
        .targets(TargetsSignal(
            equity: Money("1000")!, currency: "USD",
            targets: [.init(symbol: "BTC/USD", quantity: Quantity("1")!, weight: Weight(raw: .max), price: Price("1")!)])),
    ])
    func signedPayloadsOutsideTheBoundsAreRefusedNamingTheField(body: SignalPayload.Body) throws {
        let line = try Line()
        let (receiver, inbox) = try line.receiver()
        guard case .refused(let code, _) = try receiver.receive(try line.seal(body), transport: "slack") else {
            Issue.record("accepted")
            return
        }
        #expect(code == "malformedPayload")
        #expect(try inbox.all().isEmpty)
    }
}

@Suite("Two different signals under one sequence number")
struct ConflictTests {
    @Test func aSecondSignedSignalWithTheSameSequenceIsAConflictNotADuplicate() async throws {
        let line = try Line()
        func sealed(_ source: String) throws -> String {
            let sealer = try ChannelSealer(identity: line.desk, key: line.key, sequence: MemorySequenceCounter(next: 5), clock: line.clock)
            return try sealer.seal(SignalPayload(time: 1_763_700_000_000, source: source, body: .heartbeat).encoded()).text
        }
        let first = try sealed("desk"), second = try sealed("desk-again")
        let (receiver, inbox) = try line.receiver()
        guard case .new = try receiver.receive(first, transport: "slack") else { throw TimedOutInTest() }
        #expect(try receiver.receive(first, transport: "telegram") == .duplicate(sequence: 5))
        #expect(try receiver.receive(second, transport: "telegram") == .conflict(sequence: 5))
        // After a restart (a fresh replay window), the inbox still tells them apart.
        let (restarted, _) = try line.receiver()
        #expect(try restarted.receive(second, transport: "slack") == .conflict(sequence: 5))
        #expect(try inbox.all().first?.payload.contains("\"source\":\"desk\"") == true, "the first is kept")
    }
}

struct TimedOutInTest: Error {}
