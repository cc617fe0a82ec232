import Foundation
import SignalPublisher
import SignalWire
import SignetApp
import SignetCrypto
import Trader

/// Signals per second into the publisher's outbox: seal (sign + encrypt) and store durably,
/// one transaction per signal, as the live engine does for every order, fill and snapshot.
enum OutboxBenchmark {
    /// - Parameter step: signals stored per transaction (the live engine stores one step's together).
    static func run(signals count: Int, step: Int = 1) throws -> (perSecond: Double, seconds: Double) {
        let identity = try Identity.generate(name: "bench")
        let key = try ChannelKey.generate(
            channelName: "bench", channel: try ChannelID.random(), publisher: identity.publicIdentity.keyID, epoch: 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outbox = try Outbox(path: directory.appendingPathComponent("outbox.sqlite").path)
        let fill = SignalPayload(
            time: 1_763_700_000_000, source: "bench",
            body: .fill(FillSignal(
                orderID: "live-1", symbol: "BTC/USD", side: .buy, quantity: Quantity("0.25")!, price: Price("64250.10")!,
                fee: Money("1.2")!)))
        let payload = fill.encoded()
        let started = ContinuousClock.now
        let batch = Array(repeating: Outbox.Item(time: fill.time, readable: fill.summary), count: step)
        for _ in 0..<(count / step) {
            try outbox.append(channel: "bench", outputs: ["telegram", "slack"], batch: batch) { _, counter in
                (try ChannelSealer(identity: identity, key: key, sequence: counter).seal(payload), nil)
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(count / step * step) / seconds, seconds)
    }
}

