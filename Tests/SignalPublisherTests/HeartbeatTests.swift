import Foundation
import SignalPublisher
import SignalWire
import SignetCrypto
import Testing
import TestSupport
import Transport

@Suite("Publisher heartbeats")
struct HeartbeatTests {
    /// A key directory with identity `desk` publishing channel `alpha`, and an outbox.
    static func publisher() throws -> (keys: String, outbox: Outbox) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signet-heartbeat-\(UUID().uuidString)").path
        let keys = "\(folder)/keys"
        let directory = KeyDirectory(path: keys)
        let desk = try directory.createIdentity(name: "desk", passphrase: nil, cost: .interactive)
        _ = try directory.createChannel("alpha", publisher: desk, publisherName: "desk", at: 1_764_500_000_000)
        return (keys, try Outbox(path: "\(folder)/outbox.sqlite"))
    }

    @Test func aQuietChannelGetsAHeartbeatEveryIntervalAndABusyOneNone() async throws {
        let (keys, outbox) = try Self.publisher()
        let clock = ManualPacingClock()
        let service = HeartbeatService(
            configuration: .init(
                channel: "alpha", source: "desk", keysPath: keys, passphrase: nil, outputs: ["slack"], floor: 0, interval: .seconds(60)),
            outbox: outbox, clock: clock, wake: {})
        let task = Task { try await service.run() }
        defer { task.cancel() }
        for _ in 0..<59 {
            try await eventually("the service waiting on the clock") { clock.waiting == 1 }
            clock.advance(by: .seconds(1))
        }
        try await eventually("the service waiting again") { clock.waiting == 1 }
        #expect(try outbox.sequences(channel: "alpha").isEmpty, "no heartbeat before 60 s of silence")
        clock.advance(by: .seconds(1))
        try await eventually("a heartbeat after 60 s of silence") { try outbox.sequences(channel: "alpha") == [1] }
        let sealed = try #require(try outbox.newestSealed(channel: "alpha"))
        #expect(try SealedSignal(text: sealed).header.sequence == 1)
        #expect(try outbox.pendingCount(output: "slack") == 1)
    }
}
