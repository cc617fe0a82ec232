/// The subscriber's side of the envelope: opens signals from pinned publishers with the channel
/// keys it was granted, in the order docs/PROTOCOL.md §8 fixes:
/// decode → version → pinned publisher → **signature before anything is decrypted** → channel and
/// epoch → decrypt → timestamp → replay window (persisted before the plaintext is returned).
///
/// Holds channel keys, so it is not `Sendable`: it belongs to one owner (the subscriber's actor).
public final class SignalOpener {
    private struct Slot: Hashable {
        var publisher: KeyID
        var channel: ChannelID
    }

    private var publishers: [KeyID: PublicIdentity] = [:]
    private var keys: [Slot: ChannelKey] = [:]
    private let replayStore: any ReplayStore
    private let policy: TimestampPolicy
    private let clock: any TimeSource

    /// An opener that trusts `publishers` (named by the local alias) and records accepted sequences in `replayStore`.
    public init(
        publishers: [PublicIdentity], replayStore: any ReplayStore, policy: TimestampPolicy = .standard,
        clock: any TimeSource = SystemTimeSource()
    ) {
        self.replayStore = replayStore
        self.policy = policy
        self.clock = clock
        for publisher in publishers { trust(publisher) }
    }

    /// Pins a publisher's identity.
    public func trust(_ publisher: PublicIdentity) {
        publishers[publisher.keyID] = publisher
    }

    /// Installs the key of a channel epoch (from an accepted grant). A newer epoch replaces the
    /// older one, which from then on is refused as revoked.
    public func install(_ key: ChannelKey) throws {
        let slot = Slot(publisher: key.publisher, channel: key.channel)
        if let held = keys[slot] {
            if key.epoch < held.epoch {
                throw CryptoError(
                    .staleGrant,
                    "channel '\(key.channelName)' is already at epoch \(held.epoch); "
                        + "a key for epoch \(key.epoch) is older and is ignored")
            }
            if key.epoch == held.epoch && !key.hasSameSecret(as: held) {
                throw CryptoError(
                    .conflictingGrant,
                    "channel '\(key.channelName)' already has a different key for epoch \(key.epoch); "
                        + "ask the publisher which grant is current")
            }
        }
        keys[slot] = key
    }

    /// Opens a signal's text form.
    public func open(text: String) throws -> OpenedSignal {
        try open(SealedSignal(text: text))
    }

    /// Opens a parsed signal.
    public func open(_ signal: SealedSignal) throws -> OpenedSignal {
        let header = signal.header
        guard let publisher = publishers[header.publisher] else {
            throw CryptoError(
                .unknownPublisher,
                "this signal was signed by key \(header.publisher), which is not in your trust store; "
                    + "import the publisher's identity line with 'signet keys import' after checking its fingerprint")
        }
        guard publisher.verify(signature: signal.signature, over: signal.signed) else {
            throw CryptoError(
                .badSignature,
                "the signal's signature does not verify against '\(publisher.name)' (\(publisher.fingerprint)): "
                    + "it was altered or forged; do not act on it")
        }
        let key = try channelKey(for: header.publisher, channel: header.channel, epoch: header.epoch, publisher: publisher)
        guard let plaintext = Sodium.aeadDecrypt(
            signal.ciphertext, additionalData: signal.headerBytes, nonce: signal.nonce, key: key.key)
        else {
            throw CryptoError(
                .decryptionFailed,
                "signal \(header.sequence) on '\(key.channelName)' is signed by '\(publisher.name)' "
                    + "but does not decrypt with your epoch \(key.epoch) key; your key may be damaged; ask for a new grant")
        }
        try checkTimestamp(header.timestamp, sequence: header.sequence)
        var window = try replayStore.window(publisher: header.publisher, channel: header.channel)
        let arrival = try window.accept(header.sequence)
        try replayStore.save(window, publisher: header.publisher, channel: header.channel)
        return OpenedSignal(header: header, publisher: publisher, channelName: key.channelName, plaintext: plaintext, arrival: arrival)
    }

    /// Opens an attachment bound to `signal`: its digest must be the one the signal carries, then it
    /// is verified and decrypted like the signal.
    public func openAttachment(_ bytes: [UInt8], for signal: OpenedSignal) throws -> OpenedAttachment {
        guard let expected = signal.header.attachmentDigest else {
            throw CryptoError(.attachmentMismatch, "signal \(signal.sequence) carries no attachment; this file does not belong to it")
        }
        let attachment = try SealedAttachment(bytes: bytes)
        guard Sodium.constantTimeEqual(attachment.digest, expected) else {
            throw CryptoError(
                .attachmentMismatch,
                "this attachment is not the one signal \(signal.sequence) names (its BLAKE2b digest differs): it was swapped or altered")
        }
        guard attachment.publisher == signal.header.publisher, attachment.channel == signal.header.channel else {
            throw CryptoError(.attachmentMismatch, "this attachment comes from another publisher or channel than signal \(signal.sequence)")
        }
        guard signal.publisher.verify(signature: attachment.signature, over: attachment.signed) else {
            throw CryptoError(.badSignature, "the attachment's signature does not verify against '\(signal.publisher.name)'")
        }
        let key = try channelKey(
            for: attachment.publisher, channel: attachment.channel, epoch: attachment.epoch, publisher: signal.publisher)
        guard let plaintext = Sodium.aeadDecrypt(
            attachment.ciphertext, additionalData: attachment.headerBytes, nonce: attachment.nonce, key: key.key)
        else {
            throw CryptoError(.decryptionFailed, "the attachment does not decrypt with your epoch \(key.epoch) key")
        }
        return OpenedAttachment(contentType: attachment.contentType, plaintext: plaintext)
    }

    private func channelKey(for publisherID: KeyID, channel: ChannelID, epoch: UInt32, publisher: PublicIdentity) throws -> ChannelKey {
        guard let key = keys[Slot(publisher: publisherID, channel: channel)] else {
            throw CryptoError(
                .unknownChannel,
                "you hold no key for channel \(channel) of '\(publisher.name)'; "
                    + "ask the publisher for a grant and accept it with 'signet channel accept'")
        }
        if epoch < key.epoch {
            throw CryptoError(
                .revokedEpoch,
                "this was sealed in epoch \(epoch) of '\(key.channelName)', "
                    + "which the publisher retired when moving to epoch \(key.epoch); it is refused")
        }
        if epoch > key.epoch {
            throw CryptoError(
                .unknownEpoch,
                "this was sealed in epoch \(epoch) of '\(key.channelName)' but you hold epoch \(key.epoch) only; "
                    + "accept the publisher's grant for epoch \(epoch) (if you were revoked, there is none for you)")
        }
        return key
    }

    private func checkTimestamp(_ timestamp: UInt64, sequence: UInt64) throws {
        let now = clock.nowMilliseconds()
        if timestamp > now, timestamp - now > policy.maxFutureMilliseconds {
            throw CryptoError(
                .fromTheFuture,
                "signal \(sequence) is stamped \((timestamp - now) / 1000) s ahead of this machine's clock "
                    + "(at most \(policy.maxFutureMilliseconds / 1000) s allowed); check both clocks (NTP)")
        }
        if now > timestamp, now - timestamp > policy.maxAgeMilliseconds {
            throw CryptoError(
                .tooOld,
                "signal \(sequence) is \((now - timestamp) / 1000) s old (at most \(policy.maxAgeMilliseconds / 1000) s allowed); "
                    + "it is stale and is not acted on")
        }
    }
}
