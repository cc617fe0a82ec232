import Logging
import SignetCrypto

/// The publisher's channel key, following `signet channel revoke` while the run goes on. A
/// revocation moves the channel to a new epoch on disk; a running publisher still holding the
/// old key would go on sealing signals the revoked subscriber can open. So before every signal
/// the keyring looks at the channel's epoch, and when it moved, the new epoch's grants are
/// published first, sealed with the old key (every remaining subscriber can open them, and only
/// the one each is addressed to can accept it), and everything after is sealed with the new key.
/// Holds the publisher's identity: confined to one owner, like the recorder.
public final class ChannelKeyring {
    private let directory: KeyDirectory
    private let channel: String
    private let identity: Identity
    private var key: ChannelKey

    public init(directory: KeyDirectory, channel: String, identity: Identity) throws {
        self.directory = directory
        self.channel = channel
        self.identity = identity
        key = try directory.channelKey(channel)
    }

    /// The epoch signals are sealed for now.
    public var epoch: UInt32 { key.epoch }

    /// A sealer with the current key and `counter`.
    public func sealer(_ counter: any SequenceCounter) throws -> ChannelSealer {
        try ChannelSealer(identity: identity, key: key, sequence: counter)
    }

    /// When the channel moved to a newer epoch: its grants, to publish before ``advance()``.
    public func pendingRotation() throws -> (epoch: UInt32, grants: [(alias: String, text: String)])? {
        let state = try directory.channelState(channel)
        guard state.epoch > key.epoch else { return nil }
        return (state.epoch, try directory.grants(of: channel, epoch: state.epoch))
    }

    /// Switches to the channel's current key.
    public func advance() throws { key = try directory.channelKey(channel) }
}
