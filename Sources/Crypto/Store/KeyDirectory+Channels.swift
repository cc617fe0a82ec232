import Foundation
/// The publisher's side: channels, their epoch keys, grants, revocation and sequence numbers.
extension KeyDirectory {
    func channelDirectory(_ name: String) -> String { file("channels", name) }
    private func statePath(_ name: String) -> String { file("channels", name, "channel.json") }
    private func keyPath(_ name: String, epoch: UInt32) -> String { file("channels", name, "epoch-\(epoch).key") }
    private func lockPath(_ name: String) -> String { file("channels", name, ".lock") }

    /// Names of the channels published from here.
    public func channelNames() -> [String] {
        SecureFile.list(file("channels")).filter { SecureFile.exists(statePath($0)) }
    }

    /// Creates channel `name` at epoch 1 with a fresh key and id, owned by `publisher`.
    @discardableResult
    public func createChannel(
        _ name: String, publisher: PublicIdentity, publisherName: String, at time: UInt64, force: Bool = false
    ) throws -> ChannelState {
        try Name.validate(name, as: "channel")
        try SecureFile.ensureDirectory(channelDirectory(name))
        return try SecureFile.withLock(lockPath(name)) {
            if !force && SecureFile.exists(statePath(name)) {
                throw CryptoError(
                    .alreadyExists,
                    "channel '\(name)' already exists in \(path); "
                        + "it was left untouched (--force re-creates it, and every subscriber then needs a new grant)")
            }
            let state = ChannelState(
                name: name, id: try ChannelID.random(), publisher: publisherName, publisherKeyID: publisher.keyID, epoch: 1,
                nextSequence: 1, members: [], revoked: [], created: time)
            let key = try ChannelKey.generate(channelName: name, channel: state.id, publisher: publisher.keyID, epoch: 1)
            try writeKey(key, to: keyPath(name, epoch: 1))
            try SecureFile.write(Self.encodeJSON(state), to: statePath(name), replace: true)
            removeKeys(of: name, except: 1)
            logger.info("created channel", metadata: ["channel": "\(name)", "id": "\(state.id)"])
            return state
        }
    }

    /// The recorded state of channel `name`.
    public func channelState(_ name: String) throws -> ChannelState {
        try Name.validate(name, as: "channel")
        guard SecureFile.exists(statePath(name)) else {
            let known = channelNames()
            throw CryptoError(
                .notFound,
                "no channel '\(name)' is published from \(path)"
                    + (known.isEmpty
                        ? "; create it with 'signet channel create \(name) --as IDENTITY'"
                        : " (channels here: \(known.joined(separator: ", ")))"))
        }
        return try Self.decodeJSON(ChannelState.self, at: statePath(name))
    }

    /// The identity that publishes channel `name`, with its secrets loaded.
    public func publisherIdentity(of name: String, passphrase: () -> [UInt8]?) throws -> Identity {
        try loadIdentity(try channelState(name).publisher, passphrase: passphrase)
    }

    /// The current epoch key of channel `name`.
    public func channelKey(_ name: String) throws -> ChannelKey {
        let state = try channelState(name)
        return try readKey(
            at: keyPath(name, epoch: state.epoch), channelName: name, channel: state.id, publisher: state.publisherKeyID,
            epoch: state.epoch)
    }

    /// Grants the current epoch of `channel` to the trusted peer `alias`, recording them as a member.
    public func grant(_ channel: String, to alias: String, by publisher: Identity, at time: UInt64) throws -> Grant {
        let peer = try trust.peer(alias)
        return try SecureFile.withLock(lockPath(channel)) {
            var state = try channelState(channel)
            let key = try channelKey(channel)
            let grant = try Grant.issue(key, to: peer.identity, by: publisher, at: time)
            state.members.removeAll { $0.alias == alias }
            state.members.append(.init(alias: alias, keyID: peer.identity.keyID, grantedEpoch: state.epoch))
            state.members.sort { $0.alias < $1.alias }
            try recordGrant(grant, channel: channel, alias: alias)
            try SecureFile.write(Self.encodeJSON(state), to: statePath(channel), replace: true)
            return grant
        }
    }

    /// Removes `alias` from `channel`: moves it to a new epoch with a fresh key and returns grants of
    /// the new epoch for every remaining member. The old key is deleted; the removed subscriber can
    /// open nothing sealed from now on.
    public func revoke(
        _ channel: String, member alias: String, by publisher: Identity, at time: UInt64
    ) throws -> (state: ChannelState, grants: [(alias: String, grant: Grant)]) {
        try SecureFile.withLock(lockPath(channel)) {
            var state = try channelState(channel)
            guard let removed = state.members.first(where: { $0.alias == alias }) else {
                let members = state.members.map(\.alias)
                throw CryptoError(
                    .notFound,
                    "'\(alias)' is not a member of channel '\(channel)'"
                        + (members.isEmpty ? " (it has no members)" : " (members: \(members.joined(separator: ", ")))"))
            }
            let remaining = state.members.filter { $0.alias != alias }
            // Resolve every remaining member before anything changes, so a missing peer aborts cleanly.
            let peers = try remaining.map { try trust.peer($0.alias) }
            let newEpoch = state.epoch + 1
            let key = try ChannelKey.generate(channelName: channel, channel: state.id, publisher: state.publisherKeyID, epoch: newEpoch)
            var grants: [(alias: String, grant: Grant)] = []
            for peer in peers {
                grants.append((peer.alias, try Grant.issue(key, to: peer.identity, by: publisher, at: time)))
            }
            // Everything the new epoch needs is on disk before the commit point: a running
            // publisher that sees the new epoch reads its key and grants at once.
            try writeKey(key, to: keyPath(channel, epoch: newEpoch))
            for (alias, grant) in grants { try recordGrant(grant, channel: channel, alias: alias) }
            state.epoch = newEpoch
            state.members = remaining.map { .init(alias: $0.alias, keyID: $0.keyID, grantedEpoch: newEpoch) }
            state.revoked.append(.init(alias: alias, keyID: removed.keyID, fromEpoch: newEpoch, at: time))
            try SecureFile.write(Self.encodeJSON(state), to: statePath(channel), replace: true)  // the commit point
            removeKeys(of: channel, except: newEpoch)
            logger.notice("revoked channel member", metadata: ["channel": "\(channel)", "member": "\(alias)", "epoch": "\(newEpoch)"])
            return (state, grants)
        }
    }

    /// A persisted sequence counter for `channel`: each number is written to disk before it is used.
    public func sequenceCounter(_ channel: String) -> FileSequenceCounter {
        FileSequenceCounter(directory: self, channel: channel)
    }

    /// Takes the next sequence number of `channel`, durably.
    func takeSequence(_ channel: String) throws -> UInt64 {
        try SecureFile.withLock(lockPath(channel)) {
            var state = try channelState(channel)
            let sequence = state.nextSequence
            state.nextSequence += 1
            try SecureFile.write(Self.encodeJSON(state), to: statePath(channel), replace: true)
            return sequence
        }
    }

    /// Records that sequence numbers up to `used` were taken elsewhere (a publisher's outbox),
    /// so that `signet seal` continues after them.
    public func advanceSequence(_ channel: String, past used: UInt64) throws {
        try SecureFile.withLock(lockPath(channel)) {
            var state = try channelState(channel)
            guard state.nextSequence <= used else { return }
            state.nextSequence = used + 1
            try SecureFile.write(Self.encodeJSON(state), to: statePath(channel), replace: true)
        }
    }

    /// The grants issued for `epoch` of `channel` to its current members, as text lines: what a
    /// running publisher posts on the channel when a revocation moved it to that epoch.
    public func grants(of channel: String, epoch: UInt32) throws -> [(alias: String, text: String)] {
        let state = try channelState(channel)
        let directory = file("channels", channel, "grants")
        return try state.members.filter { $0.grantedEpoch == epoch }.map { member in
            (member.alias, try SecureFile.readText("\(directory)/\(member.alias).epoch-\(epoch).grant")
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private func recordGrant(_ grant: Grant, channel: String, alias: String) throws {
        let directory = file("channels", channel, "grants")
        try SecureFile.ensureDirectory(directory)
        try SecureFile.write(Array((grant.text + "\n").utf8), to: "\(directory)/\(alias).epoch-\(grant.epoch).grant", replace: true)
    }

    private func removeKeys(of channel: String, except epoch: UInt32) {
        for name in SecureFile.list(channelDirectory(channel))
            where name.hasPrefix("epoch-") && name.hasSuffix(".key") && name != "epoch-\(epoch).key" {
            try? SecureFile.remove(file("channels", channel, name))
        }
    }
}

/// ``SequenceCounter`` backed by the channel's state file in a ``KeyDirectory``.
public final class FileSequenceCounter: SequenceCounter {
    private let directory: KeyDirectory
    private let channel: String

    init(directory: KeyDirectory, channel: String) {
        self.directory = directory
        self.channel = channel
    }

    public func next() throws -> UInt64 { try directory.takeSequence(channel) }
}
