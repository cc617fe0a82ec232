extension PublicIdentity {
    static let shareForm = TextForm(kind: "signet-id", version: 1, what: "identity line")
    static let shareMagic: [UInt8] = Array("SGI".utf8) + [1]
    static let checksumContext = Array("signet/id-checksum/v1".utf8)

    /// The one copy-pasteable line that carries this identity: `signet-id1.` then base64url of
    /// `"SGI" 0x01 ‖ name ‖ Ed25519 key ‖ X25519 key ‖ 4-byte checksum` (docs/PROTOCOL.md §2).
    static func encodeShareLine(name: String, signingKey: [UInt8], boxKey: [UInt8]) throws -> String {
        var writer = ByteWriter(capacity: 140)
        writer.append(shareMagic)
        writer.appendShortString(name)
        writer.append(signingKey)
        writer.append(boxKey)
        let checksum = try Sodium.blake2b(checksumContext, writer.bytes, length: 32)
        writer.append(checksum.prefix(4))
        return shareForm.encode(writer.bytes)
    }

    /// Parses a share line, refusing a damaged one with the reason: not an identity line, unknown
    /// version, wrong length (cut or extended), bad checksum (mistyped).
    public init(shareLine: String) throws {
        let bytes = try Self.shareForm.decode(shareLine, maxLength: 1024)
        var reader = ByteReader(bytes, what: "identity line")
        let magic = try reader.read(4)
        guard magic.prefix(3).elementsEqual(Self.shareMagic.prefix(3)) else {
            throw CryptoError(.malformed, "this is not a Signet identity line (its content does not start with SGI)")
        }
        guard magic.last == 1 else {
            throw CryptoError(.unsupportedVersion, "this identity line has inner version \(magic.last!), this signet reads version 1 only")
        }
        let nameLength = Int(try reader.readUInt8())
        let expected = 4 + 1 + nameLength + 32 + 32 + 4
        guard bytes.count == expected else {
            throw CryptoError(
                .wrongLength,
                "the identity line holds \(bytes.count) bytes where \(expected) are expected: "
                    + "it was cut off or has extra characters; copy the whole line again")
        }
        let nameBytes = try reader.read(nameLength)
        let signingKey = try reader.readArray(32)
        let boxKey = try reader.readArray(32)
        let checksum = try reader.readArray(4)
        let computed = try Sodium.blake2b(Self.checksumContext, Array(bytes.prefix(bytes.count - 4)), length: 32)
        guard Array(computed.prefix(4)) == checksum else {
            throw CryptoError(
                .badChecksum,
                "the identity line's checksum does not match: a character was mistyped or changed; copy the line again from its owner")
        }
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            throw CryptoError(.malformed, "the identity line's name is not valid UTF-8")
        }
        try self.init(name: name, signingKey: signingKey, boxKey: boxKey)
    }
}
