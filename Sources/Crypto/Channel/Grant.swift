/// A grant hands one subscriber the key of one channel epoch: the key sealed to the subscriber's
/// X25519 key (`crypto_box_seal`), the whole signed by the publisher (docs/PROTOCOL.md §5).
///
/// A grant is public: it can be posted in a chat, since only the addressed subscriber can open it
/// and anyone holding the publisher's identity can check who issued it.
public struct Grant: Sendable, Equatable {
    static let form = TextForm(kind: "signet-grant", version: 1, what: "grant")
    static let magic: [UInt8] = Array("SGG".utf8) + [1]
    static let sealedKeyLength = 32 + Sodium.sealOverheadBytes

    /// Who issued it.
    public let publisher: KeyID
    /// For which channel.
    public let channel: ChannelID
    /// The channel's human name.
    public let channelName: String
    /// For which epoch.
    public let epoch: UInt32
    /// When it was issued (Unix milliseconds).
    public let issuedAt: UInt64
    /// To whom.
    public let subscriber: KeyID
    /// The epoch key sealed to the subscriber.
    let sealedKey: [UInt8]
    /// The full signed bytes.
    public let bytes: [UInt8]

    /// The text form: `signet-grant1.<base64url>`.
    public var text: String { Self.form.encode(bytes) }

    /// Issues a grant of `key` to `subscriber`, signed by `publisher`.
    public static func issue(
        _ key: ChannelKey, to subscriber: PublicIdentity, by publisher: Identity, at time: UInt64
    ) throws -> Grant {
        guard key.publisher == publisher.publicIdentity.keyID else {
            throw CryptoError(.unknownPublisher, "channel '\(key.channelName)' belongs to another identity than '\(publisher.name)'")
        }
        var writer = ByteWriter(capacity: 256)
        writer.append(magic)
        writer.append(key.publisher)
        writer.append(key.channel)
        writer.append(key.epoch)
        writer.append(time)
        writer.append(subscriber.keyID)
        writer.appendShortString(key.channelName)
        writer.append(try Sodium.boxSeal(key.key, to: subscriber.boxKey))
        writer.append(try publisher.sign(writer.bytes[...]))
        return try Grant(bytes: writer.bytes)
    }

    /// Parses a grant's text form; does not verify it (see ``open(from:as:)``).
    public init(text: String) throws {
        try self.init(bytes: Self.form.decode(text, maxLength: 1024))
    }

    init(bytes: [UInt8]) throws {
        var reader = ByteReader(bytes, what: "grant")
        let magic = try reader.read(4)
        guard magic.prefix(3).elementsEqual(Self.magic.prefix(3)) else {
            throw CryptoError(.malformed, "this is not a Signet grant (its content does not start with SGG)")
        }
        guard magic.last == 1 else {
            throw CryptoError(.unsupportedVersion, "this grant has inner version \(magic.last!); this signet reads version 1 only")
        }
        publisher = KeyID(try reader.read(KeyID.byteCount))
        channel = ChannelID(try reader.read(ChannelID.byteCount))
        epoch = try reader.readUInt32()
        issuedAt = try reader.readUInt64()
        subscriber = KeyID(try reader.read(KeyID.byteCount))
        channelName = try reader.readShortString()
        try Name.validate(channelName, as: "channel")
        sealedKey = try reader.readArray(Self.sealedKeyLength)
        _ = try reader.read(Sodium.signatureBytes)
        guard reader.remaining == 0 else {
            throw CryptoError(
                .wrongLength,
                "the grant has \(reader.remaining) bytes too many; it was altered or two grants were pasted together")
        }
        self.bytes = bytes
    }

    /// Verifies the publisher's signature, then opens the sealed key with the subscriber's identity.
    /// Checks run in this order: right publisher, signature, addressed to `subscriber`, unseal.
    public func open(from publisherIdentity: PublicIdentity, as subscriberIdentity: Identity) throws -> ChannelKey {
        guard publisher == publisherIdentity.keyID else {
            throw CryptoError(
                .unknownPublisher,
                "this grant was signed by key \(publisher), but '\(publisherIdentity.name)' in your trust store "
                    + "is key \(publisherIdentity.keyID); check you named the right publisher")
        }
        let signed = bytes[..<(bytes.count - Sodium.signatureBytes)]
        guard publisherIdentity.verify(signature: bytes[(bytes.count - Sodium.signatureBytes)...], over: signed) else {
            throw CryptoError(
                .badSignature,
                "the grant's signature does not verify against '\(publisherIdentity.name)': it was altered or forged; do not use it")
        }
        guard subscriber == subscriberIdentity.publicIdentity.keyID else {
            throw CryptoError(
                .notAddressedToYou,
                "this grant is for key \(subscriber), not for your identity '\(subscriberIdentity.name)' "
                    + "(key \(subscriberIdentity.publicIdentity.keyID)); ask the publisher to grant your own identity")
        }
        guard let secret = try subscriberIdentity.openSealedBox(sealedKey[...]), secret.count == Sodium.aeadKeyBytes else {
            throw CryptoError(
                .decryptionFailed,
                "the grant's key could not be opened with '\(subscriberIdentity.name)': it was sealed to another key")
        }
        return try ChannelKey(channelName: channelName, channel: channel, publisher: publisher, epoch: epoch, key: secret)
    }
}
