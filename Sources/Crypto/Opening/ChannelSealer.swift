
/// Hands out a channel's sequence numbers; an implementation must persist a number before
/// returning it, so that a restart never reuses one.
public protocol SequenceCounter: AnyObject {
    /// The next sequence number, already recorded as used.
    func next() throws -> UInt64
}

/// In-memory ``SequenceCounter`` for tests and benchmarks: starts again at `next` every run.
public final class MemorySequenceCounter: SequenceCounter {
    private var following: UInt64

    public init(next: UInt64 = 1) { following = next }

    public func next() throws -> UInt64 {
        defer { following += 1 }
        return following
    }
}

/// The publisher's side of the envelope: seals signals and attachments for one channel epoch.
///
/// Holds the signing identity and the channel key; not `Sendable`, confined to its owner.
public final class ChannelSealer {
    private let identity: Identity
    /// The channel key in use.
    public let key: ChannelKey
    private let sequence: any SequenceCounter
    private let clock: any TimeSource

    /// A sealer for `key`'s channel, signing as `identity`.
    public init(identity: Identity, key: ChannelKey, sequence: any SequenceCounter, clock: any TimeSource = SystemTimeSource()) throws {
        guard key.publisher == identity.publicIdentity.keyID else {
            throw CryptoError(.unknownChannel, "channel '\(key.channelName)' was created by another identity than '\(identity.name)'")
        }
        self.identity = identity
        self.key = key
        self.sequence = sequence
        self.clock = clock
    }

    /// Seals one signal with the next sequence number, optionally bound to a sealed attachment.
    public func seal(
        _ plaintext: [UInt8], contentType: ContentType = .signalJSON, attachment: SealedAttachment? = nil
    ) throws -> SealedSignal {
        if let attachment, attachment.channel != key.channel || attachment.publisher != key.publisher {
            throw CryptoError(.attachmentMismatch, "the attachment was sealed for another channel")
        }
        let limit = SealedSignal.maxPlaintextBytes - (attachment == nil ? 0 : 32)
        guard plaintext.count <= limit else {
            // Checked before a sequence number is used up.
            throw CryptoError(
                .tooLarge,
                "a signal holds at most \(limit) bytes of plaintext, this one has \(plaintext.count); send the rest as an attachment")
        }
        let header = EnvelopeHeader(
            contentType: contentType, publisher: key.publisher, channel: key.channel, epoch: key.epoch,
            sequence: try sequence.next(), timestamp: clock.nowMilliseconds(), attachmentDigest: attachment?.digest)
        return try SealedSignal.seal(plaintext, header: header, key: key, signer: identity)
    }

    /// Seals an attachment (a chart) to be bound to the next signal.
    public func sealAttachment(_ plaintext: [UInt8], contentType: ContentType = .png) throws -> SealedAttachment {
        try SealedAttachment.seal(plaintext, contentType: contentType, key: key, signer: identity, timestamp: clock.nowMilliseconds())
    }
}
