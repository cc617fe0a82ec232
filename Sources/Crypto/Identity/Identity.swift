/// A full identity: the public keys plus the secrets that sign signals and open grants.
///
/// Secrets live in guarded memory (``SecretBytes``) that is wiped when the identity is released.
/// An identity is not `Sendable`: it stays with the one owner that loaded it. It has no
/// `description` that could print a secret; printing it shows the public identity only.
public struct Identity: CustomStringConvertible {
    /// What may be shared.
    public let publicIdentity: PublicIdentity
    /// 32-byte Ed25519 seed, the form stored on disk.
    let signingSeed: SecretBytes
    /// 64-byte libsodium Ed25519 secret key (seed ‖ public key), the form that signs.
    let signingSecretKey: SecretBytes
    /// 32-byte X25519 secret scalar.
    let boxSecretKey: SecretBytes

    /// The identity's own name.
    public var name: String { publicIdentity.name }

    public var description: String { "Identity(\(name), \(publicIdentity.fingerprint))" }

    /// A new identity with fresh random Ed25519 and X25519 keys.
    public static func generate(name: String) throws -> Identity {
        try Name.validate(name, as: "identity")
        return try Identity(name: name, signingSeed: SecretBytes(random: 32), boxSecretKey: SecretBytes(random: 32))
    }

    init(name: String, signingSeed: SecretBytes, boxSecretKey: SecretBytes) throws {
        try Sodium.ready()
        let (signingPublic, signingSecret) = try Sodium.signKeypair(seed: signingSeed)
        let boxPublic = try Sodium.boxPublicKey(secretKey: boxSecretKey)
        self.publicIdentity = try PublicIdentity(name: name, signingKey: signingPublic, boxKey: boxPublic)
        self.signingSeed = signingSeed
        self.signingSecretKey = signingSecret
        self.boxSecretKey = boxSecretKey
    }

    /// An identity from known secret bytes (test vectors, key files); the arrays are wiped.
    init(name: String, signingSeed: inout [UInt8], boxSecretKey: inout [UInt8]) throws {
        try self.init(
            name: name, signingSeed: SecretBytes(consuming: &signingSeed), boxSecretKey: SecretBytes(consuming: &boxSecretKey))
    }

    /// Ed25519 detached signature.
    func sign(_ message: ArraySlice<UInt8>) throws -> [UInt8] {
        try Sodium.sign(message, secretKey: signingSecretKey)
    }

    /// Opens a sealed box addressed to this identity's X25519 key; nil if it was sealed to another key.
    func openSealedBox(_ sealed: ArraySlice<UInt8>) throws -> SecretBytes? {
        try Sodium.boxSealOpen(sealed, publicKey: publicIdentity.boxKey, secretKey: boxSecretKey)
    }
}
