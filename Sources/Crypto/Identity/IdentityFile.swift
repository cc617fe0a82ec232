/// The secret key file of an identity (docs/PROTOCOL.md §3): one text line
/// `signet-secret1.<base64url>`, optionally protected by a passphrase (Argon2id, then secretbox).
///
/// The public keys are stored in clear beside the secrets so that `signet keys show` works without
/// the passphrase, and loading checks that the secrets still produce those public keys.
public enum IdentityFile {
    static let form = TextForm(kind: "signet-secret", version: 1, what: "secret key file")
    static let magic: [UInt8] = Array("SGK".utf8) + [1]
    static let secretLength = 64  // Ed25519 seed ‖ X25519 secret
    static let sealedLength = 8 + 8 + Sodium.passwordSaltBytes + Sodium.secretboxNonceBytes + secretLength + Sodium.secretboxTagBytes

    /// How expensive the passphrase derivation is; stored in the file so it can change later.
    public struct PassphraseCost: Sendable, Equatable {
        /// Argon2id passes.
        public var opsLimit: UInt64
        /// Argon2id memory in bytes.
        public var memLimit: UInt64

        /// libsodium's MODERATE: 3 passes, 256 MiB (about a second here). The default for key files.
        public static let moderate = PassphraseCost(opsLimit: 3, memLimit: 256 << 20)
        /// libsodium's INTERACTIVE: 2 passes, 64 MiB.
        public static let interactive = PassphraseCost(opsLimit: 2, memLimit: 64 << 20)
        /// The smallest libsodium accepts; for tests only, never for real keys.
        public static let minimum = PassphraseCost(opsLimit: 1, memLimit: 8192)

        public init(opsLimit: UInt64, memLimit: UInt64) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }
    }

    /// Serialises `identity`; with a passphrase the secrets are sealed under a key derived from it.
    static func encode(_ identity: Identity, passphrase: [UInt8]?, cost: PassphraseCost = .moderate) throws -> String {
        var writer = ByteWriter(capacity: 256)
        writer.append(magic)
        writer.append(passphrase == nil ? 0 as UInt8 : 1)
        writer.appendShortString(identity.name)
        writer.append(identity.publicIdentity.signingKey)
        writer.append(identity.publicIdentity.boxKey)
        let secrets = try SecretBytes(concatenating: [identity.signingSeed, identity.boxSecretKey])
        if let passphrase {
            let salt = Sodium.randomBytes(Sodium.passwordSaltBytes)
            let nonce = Sodium.randomBytes(Sodium.secretboxNonceBytes)
            let key = try Sodium.passwordKey(passphrase: passphrase, salt: salt, opsLimit: cost.opsLimit, memLimit: cost.memLimit)
            writer.append(cost.opsLimit)
            writer.append(cost.memLimit)
            writer.append(salt)
            writer.append(nonce)
            writer.append(try Sodium.secretboxSeal(secrets, nonce: nonce, key: key))
            return form.encode(writer.bytes)
        }
        var clear = secrets.exposedCopy()
        writer.append(clear)
        Sodium.wipe(&clear)
        var bytes = writer.bytes
        writer = ByteWriter()
        let text = form.encode(bytes)
        Sodium.wipe(&bytes)
        return text
    }

    /// The public identity stored in a key file, read without the passphrase.
    public static func publicIdentity(in text: String) throws -> PublicIdentity {
        var bytes = try form.decode(text, maxLength: 4096)
        defer { Sodium.wipe(&bytes) }
        return try parseHeader(bytes).publicIdentity
    }

    /// Whether the key file is protected by a passphrase.
    public static func isProtected(_ text: String) throws -> Bool {
        var bytes = try form.decode(text, maxLength: 4096)
        defer { Sodium.wipe(&bytes) }
        return try parseHeader(bytes).isProtected
    }

    /// Loads the identity. `passphrase` is asked for only when the file is protected.
    static func decode(_ text: String, passphrase: () -> [UInt8]?) throws -> Identity {
        var bytes = try form.decode(text, maxLength: 4096)
        defer { Sodium.wipe(&bytes) }
        let header = try parseHeader(bytes)
        let name = header.publicIdentity.name
        let secrets: SecretBytes
        if header.isProtected {
            guard bytes.count == header.length + sealedLength else {
                throw CryptoError(
                    .wrongLength,
                    "the secret key file for '\(name)' has \(bytes.count) bytes "
                        + "where \(header.length + sealedLength) are expected; it is damaged")
            }
            var reader = ByteReader(Array(bytes[header.length...]), what: "secret key file")
            let opsLimit = try reader.readUInt64()
            let memLimit = try reader.readUInt64()
            guard opsLimit >= 1, opsLimit <= 64, memLimit >= 8192, memLimit <= 4 << 30 else {
                throw CryptoError(
                    .malformed,
                    "the secret key file asks for Argon2id limits (\(opsLimit) passes, \(memLimit) bytes) "
                        + "outside what signet allows; it is damaged")
            }
            let salt = try reader.readArray(Sodium.passwordSaltBytes)
            let nonce = try reader.readArray(Sodium.secretboxNonceBytes)
            let sealed = try reader.read(secretLength + Sodium.secretboxTagBytes)
            guard var phrase = passphrase() else {
                throw CryptoError(
                    .passphraseRequired,
                    "identity '\(name)' is protected by a passphrase: put it in an environment variable and pass --passphrase-env VARIABLE")
            }
            defer { Sodium.wipe(&phrase) }
            let key = try Sodium.passwordKey(passphrase: phrase, salt: salt, opsLimit: opsLimit, memLimit: memLimit)
            guard let opened = try Sodium.secretboxOpen(sealed, nonce: nonce, key: key) else {
                throw CryptoError(.wrongPassphrase, "wrong passphrase for identity '\(name)' (or its key file was altered)")
            }
            secrets = opened
        } else {
            guard bytes.count == header.length + secretLength else {
                throw CryptoError(
                    .wrongLength,
                    "the secret key file for '\(name)' has \(bytes.count) bytes "
                        + "where \(header.length + secretLength) are expected; it is damaged")
            }
            secrets = try SecretBytes(copying: bytes[header.length...])
        }
        let identity = try Identity(name: name, signingSeed: secrets.slice(0..<32), boxSecretKey: secrets.slice(32..<64))
        guard identity.publicIdentity.hasSameKeys(as: header.publicIdentity) else {
            throw CryptoError(.malformed, "the secret key file for '\(name)' is damaged: its secrets do not match its public keys")
        }
        return identity
    }

    private struct Header {
        var publicIdentity: PublicIdentity
        var isProtected: Bool
        /// Where the secret part starts.
        var length: Int
    }

    /// Reads the clear part only, from a copy, so no reader keeps a reference to secret bytes.
    private static func parseHeader(_ bytes: [UInt8]) throws -> Header {
        guard bytes.count > 6 else {
            throw CryptoError(.wrongLength, "the secret key file is too short; it is damaged")
        }
        let length = 6 + Int(bytes[5]) + 64
        var reader = ByteReader(Array(bytes.prefix(length)), what: "secret key file")
        guard try reader.read(4).elementsEqual(magic) else {
            throw CryptoError(.unsupportedVersion, "this is not a version 1 Signet secret key file")
        }
        let flag = try reader.readUInt8()
        guard flag <= 1 else {
            throw CryptoError(.unsupportedVersion, "this secret key file uses protection scheme \(flag), which this signet does not know")
        }
        let name = try reader.readShortString()
        let signingKey = try reader.readArray(32)
        let boxKey = try reader.readArray(32)
        let identity = try PublicIdentity(name: name, signingKey: signingKey, boxKey: boxKey)
        return Header(publicIdentity: identity, isProtected: flag == 1, length: length)
    }
}
