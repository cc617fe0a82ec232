/// The public half of an identity: what a publisher shares with subscribers and what a subscriber
/// pins in its trust store. Ed25519 verifies signatures; X25519 receives sealed channel keys.
public struct PublicIdentity: Hashable, Sendable {
    /// The name its owner gave it (informational: the importer chooses the local alias).
    public let name: String
    /// Ed25519 public key, 32 bytes.
    public let signingKey: [UInt8]
    /// X25519 public key, 32 bytes.
    public let boxKey: [UInt8]
    /// Selects this identity in signals and grants.
    public let keyID: KeyID
    /// The phrase to compare out of band.
    public let fingerprint: Fingerprint
    /// The one copy-pasteable line that carries this identity: `signet-id1.` then base64url of
    /// `"SGI" 0x01 ‖ name ‖ Ed25519 key ‖ X25519 key ‖ 4-byte checksum` (docs/PROTOCOL.md §2).
    public let shareLine: String

    /// Builds a public identity from its parts, checking lengths and the name.
    public init(name: String, signingKey: [UInt8], boxKey: [UInt8]) throws {
        try Name.validate(name, as: "identity")
        guard signingKey.count == Sodium.signPublicKeyBytes, boxKey.count == Sodium.boxPublicKeyBytes else {
            throw CryptoError(.wrongLength, "public keys are 32 bytes each; got \(signingKey.count) and \(boxKey.count)")
        }
        self.name = name
        self.signingKey = signingKey
        self.boxKey = boxKey
        let hash = try Fingerprint.hash(signingKey: signingKey, boxKey: boxKey)
        keyID = KeyID(hash.prefix(KeyID.byteCount))
        fingerprint = Fingerprint(hash: hash)
        shareLine = try Self.encodeShareLine(name: name, signingKey: signingKey, boxKey: boxKey)
    }

    /// Whether both public keys are the same (names may differ).
    public func hasSameKeys(as other: PublicIdentity) -> Bool {
        signingKey == other.signingKey && boxKey == other.boxKey
    }

    /// Checks an Ed25519 signature made by this identity.
    func verify(signature: ArraySlice<UInt8>, over message: ArraySlice<UInt8>) -> Bool {
        Sodium.verify(signature: signature, message: message, publicKey: signingKey)
    }
}
