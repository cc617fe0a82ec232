import Foundation
import Logging

/// A directory of key material (`keys/` by default), mode 0700:
///
/// ```
/// NAME.secret                          identity secret key file, 0600
/// NAME.pub                             its share line
/// trust.json                           pinned peers
/// channels/CHANNEL/channel.json        channels this side publishes (state, members, next sequence)
/// channels/CHANNEL/epoch-N.key         the current epoch key, 32 bytes, 0600
/// channels/CHANNEL/grants/             grants issued, as text
/// subscriptions/PUBLISHER/CHANNEL/     accepted grants: subscription.json and epoch-N.key
/// replay/PUBLISHERID-CHANNELID.json    replay windows of opened signals
/// ```
public struct KeyDirectory: Sendable {
    /// The directory.
    public let path: String
    let logger: Logger

    /// A key directory at `path`; nothing is created until something is written.
    public init(path: String, logger: Logger = Logger(label: "signet.keys")) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.logger = logger
    }

    func file(_ components: String...) -> String {
        ([path] + components).joined(separator: "/")
    }

    /// The pinned peers.
    public var trust: TrustStore { TrustStore(path: file("trust.json")) }

    /// Persisted replay windows for opening signals.
    public var replayStore: FileReplayStore { FileReplayStore(directory: file("replay")) }

    // MARK: Identities

    /// Path of an identity's secret key file.
    public func secretKeyPath(_ name: String) -> String { file("\(name).secret") }

    /// Creates an identity with fresh keys. The secret file is written atomically with mode 0600 and
    /// is never overwritten unless `force` is set. With a passphrase, the secrets are sealed under it.
    @discardableResult
    public func createIdentity(
        name: String, passphrase: [UInt8]?, cost: IdentityFile.PassphraseCost = .moderate, force: Bool = false
    ) throws -> PublicIdentity {
        try Name.validate(name, as: "identity")
        try SecureFile.ensureDirectory(path)
        let secretPath = secretKeyPath(name)
        if !force && SecureFile.exists(secretPath) {
            throw CryptoError(
                .alreadyExists,
                "identity '\(name)' already exists in \(path); it was left untouched (use --force to replace it and lose the old keys)")
        }
        let identity = try Identity.generate(name: name)
        var text = Array(try IdentityFile.encode(identity, passphrase: passphrase, cost: cost).utf8) + [0x0a]
        defer { Sodium.wipe(&text) }
        try SecureFile.write(text, to: secretPath, replace: force)
        try SecureFile.write(Array((identity.publicIdentity.shareLine + "\n").utf8), to: file("\(name).pub"), mode: 0o644, replace: true)
        logger.info("created identity", metadata: ["name": "\(name)", "fingerprint": "\(identity.publicIdentity.fingerprint)"])
        return identity.publicIdentity
    }

    /// Loads an identity's secrets; `passphrase` is asked only if the key file is protected.
    public func loadIdentity(_ name: String, passphrase: () -> [UInt8]?) throws -> Identity {
        try IdentityFile.decode(try readSecretKeyFile(name), passphrase: passphrase)
    }

    /// An identity's public half, read without its passphrase.
    public func publicIdentity(_ name: String) throws -> PublicIdentity {
        try IdentityFile.publicIdentity(in: try readSecretKeyFile(name))
    }

    /// Whether an identity's key file is protected by a passphrase.
    public func isProtected(_ name: String) throws -> Bool {
        try IdentityFile.isProtected(try readSecretKeyFile(name))
    }

    /// Names of the identities held here.
    public func identityNames() -> [String] {
        SecureFile.list(path).filter { $0.hasSuffix(".secret") }.map { String($0.dropLast(".secret".count)) }
    }

    /// The local identity whose key id is `keyID`, if any.
    public func identityName(for keyID: KeyID) -> String? {
        identityNames().first { (try? publicIdentity($0).keyID) == keyID }
    }

    private func readSecretKeyFile(_ name: String) throws -> String {
        try Name.validate(name, as: "identity")
        do {
            return try SecureFile.readText(secretKeyPath(name), secret: true)
        } catch let error as CryptoError where error.code == .notFound {
            let known = identityNames()
            throw CryptoError(
                .notFound,
                "no identity '\(name)' in \(path)"
                    + (known.isEmpty ? "; create one with 'signet keygen \(name)'" : " (it holds: \(known.joined(separator: ", ")))"))
        }
    }

    // MARK: Shared helpers for channel and subscription state

    static func encodeJSON<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(value)) + [0x0a]
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, at path: String) throws -> T {
        let bytes = try SecureFile.read(path, secret: true)
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw CryptoError(.malformed, "\(path) is damaged (\(error)); restore it from a backup")
        }
    }

    /// Reads a 32-byte epoch key file (mode 0600 enforced) into guarded memory.
    func readKey(at keyPath: String, channelName: String, channel: ChannelID, publisher: KeyID, epoch: UInt32) throws -> ChannelKey {
        var raw = try SecureFile.read(keyPath, secret: true)
        return try ChannelKey.restore(channelName: channelName, channel: channel, publisher: publisher, epoch: epoch, key: &raw)
    }

    func writeKey(_ key: ChannelKey, to keyPath: String) throws {
        var raw = key.exportKeyBytes()
        defer { Sodium.wipe(&raw) }
        try SecureFile.write(raw, to: keyPath, replace: true)
    }
}
