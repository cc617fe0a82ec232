/// What a publisher records about a channel it owns (`channels/CHANNEL/channel.json`, mode 0600).
/// The epoch key itself lives beside it in `epoch-N.key`.
public struct ChannelState: Codable, Sendable, Equatable {
    /// A subscriber holding a grant for the current epoch.
    public struct Member: Codable, Sendable, Equatable {
        /// Trust-store alias.
        public var alias: String
        /// Their key id.
        public var keyID: KeyID
        /// The newest epoch they were granted.
        public var grantedEpoch: UInt32
    }

    /// A subscriber that was removed, and the epoch that shut them out.
    public struct Revocation: Codable, Sendable, Equatable {
        public var alias: String
        public var keyID: KeyID
        /// The first epoch they cannot open.
        public var fromEpoch: UInt32
        public var at: UInt64
    }

    public var version = 1
    /// Human name.
    public var name: String
    /// Random id carried in every signal.
    public var id: ChannelID
    /// The local identity that publishes it.
    public var publisher: String
    public var publisherKeyID: KeyID
    /// Current epoch, from 1.
    public var epoch: UInt32
    /// The sequence number the next signal gets; only ever increases, across epochs too.
    public var nextSequence: UInt64
    public var members: [Member]
    public var revoked: [Revocation]
    /// Creation time, Unix milliseconds.
    public var created: UInt64
}

/// What a subscriber records about a channel it accepted a grant for
/// (`subscriptions/PUBLISHER/CHANNEL/subscription.json`).
public struct Subscription: Codable, Sendable, Equatable {
    public var version = 1
    /// Trust-store alias of the publisher.
    public var publisher: String
    public var publisherKeyID: KeyID
    /// Channel name and id, as the grant gave them.
    public var channel: String
    public var channelID: ChannelID
    /// The epoch of the key held.
    public var epoch: UInt32
    /// The local identity the grant was addressed to.
    public var identity: String
    /// When the grant was accepted, Unix milliseconds.
    public var accepted: UInt64
}
