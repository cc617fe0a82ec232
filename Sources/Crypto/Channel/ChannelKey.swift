/// The symmetric key of one epoch of one channel: what seals and opens its signals.
///
/// Holds secret bytes in guarded memory; not `Sendable`, confined to its owner.
public struct ChannelKey {
    /// The channel's human name.
    public let channelName: String
    /// The channel's id.
    public let channel: ChannelID
    /// The publisher's key id.
    public let publisher: KeyID
    /// The epoch this key belongs to; revocation moves a channel to the next epoch.
    public let epoch: UInt32
    /// The 32-byte XChaCha20-Poly1305 key.
    let key: SecretBytes

    init(channelName: String, channel: ChannelID, publisher: KeyID, epoch: UInt32, key: SecretBytes) throws {
        guard key.count == Sodium.aeadKeyBytes else {
            throw CryptoError(.wrongLength, "a channel key is 32 bytes, got \(key.count)")
        }
        try Name.validate(channelName, as: "channel")
        self.channelName = channelName
        self.channel = channel
        self.publisher = publisher
        self.epoch = epoch
        self.key = key
    }

    /// A new random key for `epoch`.
    public static func generate(channelName: String, channel: ChannelID, publisher: KeyID, epoch: UInt32) throws -> ChannelKey {
        try ChannelKey(channelName: channelName, channel: channel, publisher: publisher, epoch: epoch, key: SecretBytes(random: 32))
    }

    /// A key from raw bytes (a key file or a test vector); the array is wiped.
    public static func restore(
        channelName: String, channel: ChannelID, publisher: KeyID, epoch: UInt32, key: inout [UInt8]
    ) throws -> ChannelKey {
        guard key.count == Sodium.aeadKeyBytes else {
            Sodium.wipe(&key)
            throw CryptoError(.wrongLength, "a channel key is 32 bytes, got \(key.count); the key file is damaged")
        }
        return try ChannelKey(
            channelName: channelName, channel: channel, publisher: publisher, epoch: epoch, key: SecretBytes(consuming: &key))
    }

    /// The raw key for writing to a 0600 key file; the caller wipes the array after writing.
    public func exportKeyBytes() -> [UInt8] { key.exposedCopy() }

    /// Whether two keys hold the same secret (constant time).
    public func hasSameSecret(as other: ChannelKey) -> Bool { key.isEqual(to: other.key) }
}
