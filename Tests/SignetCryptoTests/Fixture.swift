@testable import SignetCrypto

/// A publisher, two subscribers and one channel, all in memory, with a clock the test controls.
struct Fixture {
    static let start: UInt64 = 1_763_700_000_000

    let desk: Identity
    let follower: Identity
    let carol: Identity
    let key: ChannelKey
    let clock = ManualTimeSource(milliseconds: Fixture.start)
    let sequence = MemorySequenceCounter()
    let sealer: ChannelSealer

    init() throws {
        desk = try Identity.generate(name: "desk")
        follower = try Identity.generate(name: "follower")
        carol = try Identity.generate(name: "carol")
        key = try ChannelKey.generate(channelName: "alpha", channel: .random(), publisher: desk.publicIdentity.keyID, epoch: 1)
        sealer = try ChannelSealer(identity: desk, key: key, sequence: sequence, clock: clock)
    }

    /// A subscriber's opener that accepted a grant of the current key.
    func opener(for subscriber: Identity, store: any ReplayStore = MemoryReplayStore(), policy: TimestampPolicy = .standard) throws -> SignalOpener {
        let opener = SignalOpener(publishers: [desk.publicIdentity], replayStore: store, policy: policy, clock: clock)
        let grant = try Grant.issue(key, to: subscriber.publicIdentity, by: desk, at: clock.nowMilliseconds())
        try opener.install(try Grant(text: grant.text).open(from: desk.publicIdentity, as: subscriber))
        return opener
    }

    func seal(_ text: String) throws -> SealedSignal {
        try sealer.seal(Array(text.utf8))
    }
}

/// The code of the `CryptoError` that `body` throws, or nil if it returns.
func refusal(_ body: () throws -> Void) -> CryptoError.Code? {
    do {
        try body()
        return nil
    } catch let error as CryptoError {
        return error.code
    } catch {
        return nil
    }
}
