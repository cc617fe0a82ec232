/// The subscriber's side: accepted grants and the keys they carry.
extension KeyDirectory {
    private func subscriptionDirectory(_ publisher: String, _ channel: String) -> String { file("subscriptions", publisher, channel) }
    private func subscriptionPath(_ publisher: String, _ channel: String) -> String {
        file("subscriptions", publisher, channel, "subscription.json")
    }

    /// Verifies a grant from the pinned peer `publisherAlias` and stores its key. The grant must be
    /// addressed to one of the identities here; its secrets are loaded with `passphrase` if protected.
    /// Accepting the same grant twice is harmless; an older epoch or a conflicting key is refused.
    public func accept(
        _ grant: Grant, from publisherAlias: String, passphrase: () -> [UInt8]?, at time: UInt64
    ) throws -> (subscription: Subscription, alreadyHeld: Bool) {
        let publisher = try trust.peer(publisherAlias)
        guard let identityName = identityName(for: grant.subscriber) else {
            throw CryptoError(
                .notAddressedToYou,
                "this grant is for key \(grant.subscriber), which is none of the identities in \(path) "
                    + "(\(identityNames().joined(separator: ", "))); ask the publisher to grant your own identity")
        }
        let identity = try loadIdentity(identityName, passphrase: passphrase)
        let key = try grant.open(from: publisher.identity, as: identity)
        let directory = subscriptionDirectory(publisherAlias, key.channelName)
        try SecureFile.ensureDirectory(directory)
        return try SecureFile.withLock(directory + "/.lock") {
            let statePath = subscriptionPath(publisherAlias, key.channelName)
            if SecureFile.exists(statePath) {
                let held = try Self.decodeJSON(Subscription.self, at: statePath)
                if held.channelID == key.channel {
                    if key.epoch < held.epoch {
                        throw CryptoError(
                            .staleGrant,
                            "you already hold epoch \(held.epoch) of '\(key.channelName)'; "
                                + "this grant is for the older epoch \(key.epoch) and is ignored")
                    }
                    if key.epoch == held.epoch {
                        let current = try subscriptionKey(held)
                        guard current.hasSameSecret(as: key) else {
                            throw CryptoError(
                                .conflictingGrant,
                                "you already hold a different key for epoch \(key.epoch) of '\(key.channelName)'; "
                                    + "ask the publisher which grant is current")
                        }
                        return (held, true)
                    }
                } else {
                    logger.notice(
                        "publisher re-created the channel; replacing the old subscription", metadata: ["channel": "\(key.channelName)"])
                }
            }
            let subscription = Subscription(
                publisher: publisherAlias, publisherKeyID: publisher.identity.keyID, channel: key.channelName, channelID: key.channel,
                epoch: key.epoch, identity: identityName, accepted: time)
            try writeKey(key, to: "\(directory)/epoch-\(key.epoch).key")
            try SecureFile.write(Self.encodeJSON(subscription), to: statePath, replace: true)  // the commit point
            for name in SecureFile.list(directory) where name.hasPrefix("epoch-") && name != "epoch-\(key.epoch).key" {
                try? SecureFile.remove("\(directory)/\(name)")
            }
            logger.info(
                "accepted grant", metadata: ["publisher": "\(publisherAlias)", "channel": "\(key.channelName)", "epoch": "\(key.epoch)"])
            return (subscription, false)
        }
    }

    /// Every accepted subscription.
    public func subscriptions() throws -> [Subscription] {
        var found: [Subscription] = []
        for publisher in SecureFile.list(file("subscriptions")) {
            for channel in SecureFile.list(file("subscriptions", publisher)) where SecureFile.exists(subscriptionPath(publisher, channel)) {
                found.append(try Self.decodeJSON(Subscription.self, at: subscriptionPath(publisher, channel)))
            }
        }
        return found
    }

    /// The key a subscription holds.
    public func subscriptionKey(_ subscription: Subscription) throws -> ChannelKey {
        try readKey(
            at: file("subscriptions", subscription.publisher, subscription.channel, "epoch-\(subscription.epoch).key"),
            channelName: subscription.channel, channel: subscription.channelID, publisher: subscription.publisherKeyID,
            epoch: subscription.epoch)
    }

    /// An opener that trusts every pinned peer (under its alias), holds every accepted key, and
    /// keeps its replay windows in this directory.
    public func makeOpener(policy: TimestampPolicy = .standard, clock: any TimeSource = SystemTimeSource()) throws -> SignalOpener {
        let opener = SignalOpener(publishers: try trust.peers().map(\.asAliased), replayStore: replayStore, policy: policy, clock: clock)
        for subscription in try subscriptions() {
            try opener.install(try subscriptionKey(subscription))
        }
        return opener
    }

    /// An opener for one subscription only: trusts only the publisher pinned as `publisherAlias`
    /// and holds only its key for `channel`, so anything else posted where it reads is refused.
    /// The replay windows go to `replayStore` (a mirroring run keeps its own record of what it
    /// received, and passes a memory store).
    public func makeOpener(
        publisher publisherAlias: String, channel: String, replayStore: any ReplayStore, policy: TimestampPolicy = .standard,
        clock: any TimeSource = SystemTimeSource()
    ) throws -> SignalOpener {
        let peer = try trust.peer(publisherAlias)
        guard let subscription = try subscriptions().first(where: { $0.publisher == publisherAlias && $0.channel == channel }) else {
            throw CryptoError(
                .unknownChannel,
                "no accepted grant for channel '\(channel)' of '\(publisherAlias)' in \(path); "
                    + "ask the publisher for a grant and run 'signet channel accept'")
        }
        let opener = SignalOpener(publishers: [peer.asAliased], replayStore: replayStore, policy: policy, clock: clock)
        try opener.install(try subscriptionKey(subscription))
        return opener
    }
}
