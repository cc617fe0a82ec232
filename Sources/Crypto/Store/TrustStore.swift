import Foundation

/// A peer whose public identity this side pinned under a local alias.
public struct TrustedPeer: Sendable, Hashable {
    /// The local name chosen at import.
    public let alias: String
    /// The identity as its owner shared it.
    public let identity: PublicIdentity
    /// When it was imported (Unix milliseconds).
    public let added: UInt64

    /// The identity under its local alias, for messages that should use the name this side knows.
    public var asAliased: PublicIdentity {
        // Same keys, so the same key id and fingerprint; only the display name changes.
        (try? PublicIdentity(name: alias, signingKey: identity.signingKey, boxKey: identity.boxKey)) ?? identity
    }
}

/// The pinned peers of a key directory, in `trust.json` (mode 0600), edited under a lock.
public struct TrustStore: Sendable {
    private struct File: Codable {
        var version = 1
        var peers: [Entry] = []
    }

    private struct Entry: Codable {
        var alias: String
        var identity: String
        var added: UInt64
    }

    let path: String
    private var lockPath: String { path + ".lock" }

    /// Every pinned peer, sorted by alias.
    public func peers() throws -> [TrustedPeer] {
        try load().peers.map { entry in
            do {
                return TrustedPeer(alias: entry.alias, identity: try PublicIdentity(shareLine: entry.identity), added: entry.added)
            } catch let error as CryptoError {
                throw CryptoError(error.code, "\(path): the entry for '\(entry.alias)' is damaged: \(error.message)")
            }
        }
    }

    /// The peer pinned as `alias`.
    public func peer(_ alias: String) throws -> TrustedPeer {
        guard let peer = try peers().first(where: { $0.alias == alias }) else {
            throw CryptoError(
                .notFound,
                "no peer '\(alias)' in the trust store \(path); import their identity line with 'signet keys import LINE --as \(alias)'")
        }
        return peer
    }

    /// Pins `identity` as `alias`. Importing the same keys under the same alias again is harmless;
    /// an alias already used for other keys, or keys already pinned under another alias, are refused.
    @discardableResult
    public func add(_ identity: PublicIdentity, as alias: String, at time: UInt64) throws -> TrustedPeer {
        try Name.validate(alias, as: "alias")
        try SecureFile.ensureDirectory(SecureFile.parentDirectory(of: path))
        return try SecureFile.withLock(lockPath) {
            var file = try load()
            if let existing = file.peers.first(where: { $0.alias == alias }) {
                let pinned = try PublicIdentity(shareLine: existing.identity)
                guard pinned.hasSameKeys(as: identity) else {
                    throw CryptoError(
                        .alreadyExists,
                        "alias '\(alias)' is already pinned to other keys (fingerprint \(pinned.fingerprint)); "
                            + "remove it first with 'signet keys remove \(alias)' if the peer really changed keys")
                }
                return TrustedPeer(alias: alias, identity: pinned, added: existing.added)
            }
            for entry in file.peers {
                if let pinned = try? PublicIdentity(shareLine: entry.identity), pinned.hasSameKeys(as: identity) {
                    throw CryptoError(.alreadyExists, "these keys are already pinned as '\(entry.alias)'")
                }
            }
            file.peers.append(Entry(alias: alias, identity: identity.shareLine, added: time))
            file.peers.sort { $0.alias < $1.alias }
            try save(file)
            return TrustedPeer(alias: alias, identity: identity, added: time)
        }
    }

    /// Unpins `alias`.
    public func remove(_ alias: String) throws {
        guard SecureFile.exists(path) else {
            throw CryptoError(.notFound, "no peer '\(alias)' in the trust store \(path); 'signet keys list' shows who is pinned")
        }
        try SecureFile.withLock(lockPath) {
            var file = try load()
            guard file.peers.contains(where: { $0.alias == alias }) else {
                throw CryptoError(.notFound, "no peer '\(alias)' in the trust store \(path); 'signet keys list' shows who is pinned")
            }
            file.peers.removeAll { $0.alias == alias }
            try save(file)
        }
    }

    private func load() throws -> File {
        guard SecureFile.exists(path) else { return File() }
        do {
            return try JSONDecoder().decode(File.self, from: Data(SecureFile.read(path, secret: false)))
        } catch let error as CryptoError {
            throw error
        } catch {
            throw CryptoError(
                .malformed,
                "\(path) is not a valid trust store (\(error)); restore it from a backup or remove it and import peers again")
        }
    }

    private func save(_ file: File) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SecureFile.write(Array(try encoder.encode(file)), to: path, replace: true)
    }
}
