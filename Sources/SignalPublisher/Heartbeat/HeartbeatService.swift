import Foundation
import Logging
import ServiceLifecycle
import SignalWire
import SignetCrypto
import Trader
import Transport

/// Seals a `heartbeat` signal into the outbox whenever the channel has said nothing for
/// `interval`, so a subscriber can tell a quiet publisher from a silenced one (an alert after
/// three missed heartbeats). Beside the run, not in it: a run whose bars are hours apart still
/// beats every interval.
///
/// It loads its own copy of the publisher's identity (the recorder's is confined to the engine's
/// thread) and seals only with the epoch of the channel's newest signal: while a revocation's
/// grants wait to be published by the recorder, no heartbeat goes out under the new key.
public struct HeartbeatService: Service {
    /// What the heartbeats are sealed with and sent to.
    public struct Configuration: Sendable {
        public var channel: String
        public var source: String
        public var keysPath: String
        public var passphrase: [UInt8]?
        public var outputs: [String]
        /// The last sequence used outside the outbox (`signet seal`), which the next must exceed.
        public var floor: UInt64
        public var interval: Duration

        public init(
            channel: String, source: String, keysPath: String, passphrase: [UInt8]?, outputs: [String], floor: UInt64, interval: Duration
        ) {
            self.channel = channel
            self.source = source
            self.keysPath = keysPath
            self.passphrase = passphrase
            self.outputs = outputs
            self.floor = floor
            self.interval = interval
        }
    }

    let configuration: Configuration
    let outbox: Outbox
    let clock: any PacingClock
    let wake: @Sendable () -> Void
    let logger: Logger

    public init(
        configuration: Configuration, outbox: Outbox, clock: any PacingClock = SystemPacingClock(), wake: @escaping @Sendable () -> Void,
        logger: Logger = Logger(label: "signet.heartbeat")
    ) {
        self.configuration = configuration
        self.outbox = outbox
        self.clock = clock
        self.wake = wake
        self.logger = logger
    }

    public func run() async throws {
        let directory = KeyDirectory(path: configuration.keysPath)
        let phrase = configuration.passphrase
        let identity = try directory.publisherIdentity(of: configuration.channel, passphrase: { phrase })
        var last = try outbox.newest()?.sequence
        var quietSince = clock.now()
        let step = min(configuration.interval, .seconds(1))
        while !Task.isShuttingDownGracefully {
            do {
                try await clock.sleep(until: clock.now() + step)
            } catch {
                return
            }
            let newest = try outbox.newest()?.sequence
            if newest != last {
                last = newest
                quietSince = clock.now()
                continue
            }
            guard clock.now() - quietSince >= configuration.interval else { continue }
            if let sequence = try beat(identity: identity, directory: directory) { last = sequence }
            quietSince = clock.now()
        }
    }

    /// Seals and stores one heartbeat; its sequence, or nil when the channel's epoch is moving.
    func beat(identity: Identity, directory: KeyDirectory) throws -> UInt64? {
        let key = try directory.channelKey(configuration.channel)
        if let sealed = try outbox.newestSealed(channel: configuration.channel), let epoch = try? SealedSignal(text: sealed).header.epoch,
            epoch != key.epoch
        {
            logger.info("heartbeat held back: the channel's new epoch is not announced yet", metadata: ["epoch": "\(key.epoch)"])
            return nil
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let payload = SignalPayload(time: now, source: configuration.source, body: .heartbeat).encoded()
        let entry = try outbox.append(
            channel: configuration.channel, time: now, readable: "heartbeat", outputs: configuration.outputs, floor: configuration.floor
        ) { counter in
            (try ChannelSealer(identity: identity, key: key, sequence: counter).seal(payload), nil)
        }
        wake()
        return entry.sequence
    }
}
