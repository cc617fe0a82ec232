import Foundation
import SignalPublisher
import SignalWire
import SignetCrypto
import Testing
import Trader
@testable import SignalSubscriber

/// A publisher that seals signals and a subscriber inbox to receive them in.
final class Line {
    let desk: Identity
    let key: ChannelKey
    let sealer: ChannelSealer
    let inboxPath: String
    let clock = ManualTimeSource(milliseconds: 1_763_700_000_000)

    init() throws {
        desk = try Identity.generate(name: "desk")
        key = try ChannelKey.generate(channelName: "alpha", channel: try ChannelID.random(), publisher: desk.publicIdentity.keyID, epoch: 1)
        sealer = try ChannelSealer(identity: desk, key: key, sequence: MemorySequenceCounter(), clock: clock)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signet-inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        inboxPath = directory.appendingPathComponent("inbox.sqlite").path
    }

    /// A subscriber process: a fresh opener (its replay window in memory) on the shared inbox.
    func receiver(policy: TimestampPolicy = .standard) throws -> (SignalReceiver, Inbox) {
        let opener = SignalOpener(publishers: [desk.publicIdentity], replayStore: MemoryReplayStore(), policy: policy, clock: clock)
        try opener.install(key)
        let inbox = try Inbox(path: inboxPath)
        return (SignalReceiver(opener: opener, inbox: inbox, clock: clock), inbox)
    }

    /// A receiver on `inbox` built from copies of the keys, so it shares nothing with this line
    /// and can be handed to an actor.
    func makeReceiver(inbox: Inbox) throws -> sending SignalReceiver {
        try Self.receiver(
            publisher: desk.publicIdentity, channelName: key.channelName, channel: key.channel, epoch: key.epoch, keyBytes: key.exportKeyBytes(), clock: clock,
            inbox: inbox)
    }

    private static func receiver(
        publisher: PublicIdentity, channelName: String, channel: ChannelID, epoch: UInt32, keyBytes: [UInt8], clock: ManualTimeSource, inbox: Inbox
    ) throws -> sending SignalReceiver {
        var bytes = keyBytes
        let key = try ChannelKey.restore(channelName: channelName, channel: channel, publisher: publisher.keyID, epoch: epoch, key: &bytes)
        let opener = SignalOpener(publishers: [publisher], replayStore: MemoryReplayStore(), clock: clock)
        try opener.install(key)
        return SignalReceiver(opener: opener, inbox: inbox, clock: clock)
    }

    func seal(_ body: SignalPayload.Body, time: Int64 = 1_763_700_000_000) throws -> String {
        try sealer.seal(SignalPayload(time: time, source: "desk-btc", body: body).encoded()).text
    }
}

@Suite("Receiving signals into the inbox")
struct SignalReceiverTests {
    static let fill = SignalPayload.Body.fill(FillSignal(
        orderID: "live-1", symbol: "BTC/USD", side: .buy, quantity: Quantity("0.25")!, price: Price("64250.10")!, fee: Money("1.2")!))

    @Test func theSameSignalThroughTwoTransportsIsKeptOnce() throws {
        let line = try Line()
        let (receiver, inbox) = try line.receiver()
        let text = try line.seal(Self.fill)
        guard case .new(let record, let signal) = try receiver.receive(text, transport: "slack") else {
            Issue.record("expected a new signal")
            return
        }
        #expect(record.sequence == 1 && record.kind == "fill" && record.transport == "slack")
        #expect(signal.body == Self.fill)
        #expect(try receiver.receive("forwarded:\n" + text, transport: "telegram") == .duplicate(sequence: 1))
        // A restarted subscriber has an empty replay window; the inbox still knows.
        let (restarted, _) = try line.receiver()
        #expect(try restarted.receive(text, transport: "telegram") == .duplicate(sequence: 1))
        #expect(try inbox.counts() == ["received": 1])
    }

    @Test func gapsAreReportedUntilTheLateSignalsArrive() throws {
        let line = try Line()
        let (receiver, inbox) = try line.receiver()
        let texts = try (1...5).map { _ in try line.seal(.heartbeat) }
        for index in [0, 1, 4] { _ = try receiver.receive(texts[index], transport: "slack") }
        let publisher = "\(line.desk.publicIdentity.keyID)", channel = "\(line.key.channel)"
        #expect(try inbox.gaps(publisher: publisher, channel: channel) == [3, 4])
        guard case .new = try receiver.receive(texts[2], transport: "telegram") else {
            Issue.record("a late signal is still new")
            return
        }
        #expect(try inbox.gaps(publisher: publisher, channel: channel) == [4])
    }

    @Test func staleSignalsAreStoredAsSkippedNotTraded() throws {
        let line = try Line()
        let text = try line.seal(Self.fill)
        line.clock.advance(by: 2 * 86_400_000)
        let (receiver, inbox) = try line.receiver()
        #expect(try receiver.receive(text, transport: "slack") == .stale(sequence: 1))
        #expect(try inbox.counts() == ["skipped: stale": 1])
        #expect(try inbox.unapplied().isEmpty)
    }

    @Test func foreignTamperedAndChatTextIsRefusedOrIgnored() throws {
        let line = try Line(), other = try Line()
        let (receiver, inbox) = try line.receiver()
        guard case .refused(let code, _) = try receiver.receive(try other.seal(.heartbeat), transport: "slack") else {
            Issue.record("expected a refusal")
            return
        }
        #expect(code == "unknownPublisher")
        var tampered = Array(try line.seal(Self.fill).utf8)
        tampered[60] = tampered[60] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        if case .refused(let code, _) = try receiver.receive(String(decoding: tampered, as: UTF8.self), transport: "slack") {
            #expect(["badSignature", "badChecksum", "malformed"].contains(code))
        } else {
            Issue.record("a tampered signal must be refused")
        }
        #expect(try receiver.receive("good morning, traders", transport: "telegram") == .notASignal)
        #expect(try inbox.counts().isEmpty)
    }

    @Test func unappliedSignalsAreWhatARestartMustFinish() throws {
        let line = try Line()
        let (receiver, inbox) = try line.receiver()
        for _ in 1...3 { _ = try receiver.receive(try line.seal(.heartbeat), transport: "slack") }
        let publisher = "\(line.desk.publicIdentity.keyID)", channel = "\(line.key.channel)"
        try inbox.mark(publisher: publisher, channel: channel, sequence: 1, .applied)
        try inbox.mark(publisher: publisher, channel: channel, sequence: 2, .skipped, reason: "dry run")
        #expect(try inbox.unapplied().map(\.sequence) == [3])
        #expect(try inbox.counts() == ["applied": 1, "skipped: dry run": 1, "received": 1])
    }
}
