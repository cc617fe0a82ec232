import Foundation
import Notifiers
import ServiceLifecycle
import SignalWire
import SignetCrypto
import Testing
import TestSupport
import Trader
@testable import SignalPublisher
import Transport

/// A publisher identity, a channel key and a temporary outbox file.
struct Desk {
    let identity: Identity
    let key: ChannelKey
    let directory: URL

    init() throws {
        identity = try Identity.generate(name: "desk")
        key = try ChannelKey.generate(channelName: "alpha", channel: try ChannelID.random(), publisher: identity.publicIdentity.keyID, epoch: 1)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("signet-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var path: String { directory.appendingPathComponent("outbox.sqlite").path }

    func opener() -> SignalOpener {
        let opener = SignalOpener(publishers: [identity.publicIdentity], replayStore: MemoryReplayStore())
        try? opener.install(key)
        return opener
    }

    /// Seals `signal` into `outbox` with the channel's next number.
    @discardableResult
    func append(_ outbox: Outbox, _ signal: SignalPayload, outputs: [String] = ["telegram", "slack"]) throws -> OutboxEntry {
        try outbox.append(channel: "alpha", time: signal.time, readable: signal.summary, outputs: outputs) { counter in
            (try ChannelSealer(identity: identity, key: key, sequence: counter).seal(signal.encoded()), nil)
        }
    }
}

func heartbeat(_ time: Int64) -> SignalPayload { SignalPayload(time: time, source: "test", body: .heartbeat) }

@Suite("Publisher outbox")
struct OutboxTests {
    @Test func sequenceNumbersContinueAcrossReopeningAndNeverSkip() throws {
        let desk = try Desk()
        do {
            let outbox = try Outbox(path: desk.path)
            for time in 1...3 { try desk.append(outbox, heartbeat(Int64(time))) }
        }
        let reopened = try Outbox(path: desk.path)
        let entry = try desk.append(reopened, heartbeat(4))
        #expect(entry.sequence == 4)
        #expect(try reopened.sequences(channel: "alpha") == [1, 2, 3, 4])
        let opened = try desk.opener().open(text: entry.sealed)
        #expect(opened.sequence == 4)
        #expect(String(decoding: opened.plaintext, as: UTF8.self) == #"{"kind":"heartbeat","source":"test","time":4,"v":1}"#)
    }

    @Test func numbersUsedOutsideTheOutboxAreNotReused() throws {
        let desk = try Desk()
        let outbox = try Outbox(path: desk.path)
        let entry = try outbox.append(channel: "alpha", time: 1, readable: "x", outputs: [], floor: 41) { counter in
            (try ChannelSealer(identity: desk.identity, key: desk.key, sequence: counter).seal(heartbeat(1).encoded()), nil)
        }
        #expect(entry.sequence == 42)
        #expect(try desk.append(outbox, heartbeat(2)).sequence == 43)
    }

    @Test func aSealingFailureConsumesNoSequenceNumber() throws {
        let desk = try Desk()
        let outbox = try Outbox(path: desk.path)
        try desk.append(outbox, heartbeat(1))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try outbox.append(channel: "alpha", time: 2, readable: "x", outputs: ["telegram"]) { counter in
                _ = try counter.next()
                throw Boom()
            }
        }
        #expect(try desk.append(outbox, heartbeat(3)).sequence == 2)
    }

    @Test func eachOutputDeliversInOrderAndIndependently() async throws {
        let desk = try Desk()
        let outbox = try Outbox(path: desk.path)
        let telegram = MemorySignalOutput(name: "telegram"), slack = MemorySignalOutput(name: "slack")
        slack.fail(next: 2)
        let clock = ManualPacingClock()
        let sender = OutboxSender(outbox: outbox, outputs: [telegram, slack], clock: clock, epoch: 1_700_000_000_000)
        let group = ServiceGroup(configuration: .init(services: [sender], logger: .init(label: "test")))
        let running = Task { try await group.run() }
        for time in 1...5 { try desk.append(outbox, heartbeat(Int64(time))) }
        sender.notify()
        try await eventually("telegram") { telegram.accepted.count == 5 }
        #expect(telegram.accepted.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(slack.accepted.isEmpty, "slack's first delivery failed and waits for its retry")
        #expect(try outbox.pendingCount(output: "slack") == 5)
        try await eventually("the retry timer") { clock.waiting == 1 }
        clock.advance(by: .seconds(2))  // the first retry waits 1 s, the second 2 s
        try await eventually("the second retry timer") { clock.waiting == 1 && slack.accepted.isEmpty }
        clock.advance(by: .seconds(4))
        try await eventually("slack") { slack.accepted.count == 5 }
        #expect(slack.accepted.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try outbox.pendingCount(output: "slack") == 0)
        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test func whatWasNotConfirmedIsResentAfterARestart() async throws {
        let desk = try Desk()
        do {
            let outbox = try Outbox(path: desk.path)
            for time in 1...3 { try desk.append(outbox, heartbeat(Int64(time)), outputs: ["slack"]) }
            try outbox.markSent(1, output: "slack", remoteID: "ts1", at: 10)
        }
        let outbox = try Outbox(path: desk.path)
        let slack = MemorySignalOutput(name: "slack")
        let sender = OutboxSender(outbox: outbox, outputs: [slack], clock: ManualPacingClock(), epoch: 0)
        let group = ServiceGroup(configuration: .init(services: [sender], logger: .init(label: "test")))
        let running = Task { try await group.run() }
        try await eventually("the resend") { slack.accepted.count == 2 }
        #expect(slack.accepted.map(\.sequence) == [2, 3])
        await group.triggerGracefulShutdown()
        try await running.value
    }
}


@Suite("Signal payloads")
struct SignalPayloadTests {
    @Test func aFillIsTheDocumentedJSONWithSortedKeysAndDecimalStrings() {
        let fill = SignalPayload(
            time: 1_763_700_000_000, source: "desk-btc",
            body: .fill(FillSignal(orderID: "sma-12", symbol: "BTC/USD", side: .buy, quantity: Quantity("0.25")!, price: Price("64250.10")!, fee: Money("1.6")!)))
        #expect(String(decoding: fill.encoded(), as: UTF8.self) ==
            #"{"fee":"1.60","kind":"fill","order_id":"sma-12","price":"64250.10","quantity":"0.25","side":"buy","source":"desk-btc","symbol":"BTC/USD","time":1763700000000,"v":1}"#)
        #expect(fill.summary == "FILLED BUY 0.25 BTC/USD @ 64250.10")
    }

    @Test func targetsListEveryInstrument() {
        let targets = SignalPayload(
            time: 5, source: "s",
            body: .targets(TargetsSignal(equity: Money("10000")!, currency: "USD", targets: [
                .init(symbol: "BTC/USD", quantity: Quantity("0.1")!, weight: Weight("0.6")!, price: Price("60000")!),
                .init(symbol: "ETH/USD", quantity: Quantity("0")!, weight: Weight("0")!, price: Price("3000")!),
            ])))
        let text = String(decoding: targets.encoded(), as: UTF8.self)
        #expect(text.contains(#""targets":[{"price":"60000","quantity":"0.1","symbol":"BTC/USD","weight":"0.6"},{"price":"3000","quantity":"0","symbol":"ETH/USD","weight":"0"}]"#))
    }
}
