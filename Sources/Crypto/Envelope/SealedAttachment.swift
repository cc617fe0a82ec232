/// A sealed binary attachment (a chart PNG): sealed with the same channel epoch key, signed, and
/// bound to a text signal that carries its BLAKE2b-256 ``digest`` (docs/PROTOCOL.md §7).
public struct SealedAttachment: Hashable, Sendable {
    static let magic: [UInt8] = Array("SGA".utf8)
    static let version: UInt8 = 1
    static let headerLength = 42
    /// Largest attachment accepted, sealed: 20 MiB (Telegram bots may send 50 MB documents).
    public static let maxBytes = 20 << 20

    /// The whole sealed attachment, as sent as a document or file.
    public let bytes: [UInt8]
    /// What the plaintext is.
    public let contentType: ContentType
    /// The publisher's key id.
    public let publisher: KeyID
    /// The channel's id.
    public let channel: ChannelID
    /// The epoch whose key sealed it.
    public let epoch: UInt32
    /// Unix milliseconds at sealing.
    public let timestamp: UInt64
    /// BLAKE2b-256 of ``bytes``: what a signal quotes to bind this attachment.
    public let digest: [UInt8]

    /// Parses (does not verify) a sealed attachment.
    public init(bytes: [UInt8]) throws {
        guard bytes.count <= Self.maxBytes else {
            throw CryptoError(.tooLarge, "the attachment is \(bytes.count) bytes; at most \(Self.maxBytes) are accepted")
        }
        var reader = ByteReader(bytes, what: "attachment")
        guard try reader.read(3).elementsEqual(Self.magic) else {
            throw CryptoError(.malformed, "this is not a sealed Signet attachment (it does not start with SGA)")
        }
        let version = try reader.readUInt8()
        guard version == Self.version else {
            throw CryptoError(.unsupportedVersion, "this attachment has format version \(version); this signet reads version 1 only")
        }
        contentType = ContentType(rawValue: try reader.readUInt8())
        guard try reader.readUInt8() == 0 else {
            throw CryptoError(.malformed, "this attachment sets unknown header flags; it is damaged or from a newer signet")
        }
        publisher = KeyID(try reader.read(KeyID.byteCount))
        channel = ChannelID(try reader.read(ChannelID.byteCount))
        epoch = try reader.readUInt32()
        timestamp = try reader.readUInt64()
        guard reader.remaining >= Sodium.aeadNonceBytes + Sodium.aeadTagBytes + Sodium.signatureBytes else {
            throw CryptoError(.wrongLength, "the attachment is too short to hold a nonce, a ciphertext and a signature; it was cut off")
        }
        digest = try Sodium.blake2b(bytes[...], length: 32)
        self.bytes = bytes
    }

    var headerBytes: ArraySlice<UInt8> { bytes[..<Self.headerLength] }
    var nonce: ArraySlice<UInt8> { bytes[Self.headerLength..<(Self.headerLength + Sodium.aeadNonceBytes)] }
    var ciphertext: ArraySlice<UInt8> { bytes[(Self.headerLength + Sodium.aeadNonceBytes)..<(bytes.count - Sodium.signatureBytes)] }
    var signed: ArraySlice<UInt8> { bytes[..<(bytes.count - Sodium.signatureBytes)] }
    var signature: ArraySlice<UInt8> { bytes[(bytes.count - Sodium.signatureBytes)...] }

    /// Seals `plaintext` under `key`, signed by `signer`; `nonce` is for test vectors only.
    static func seal(
        _ plaintext: [UInt8], contentType: ContentType, key: ChannelKey, signer: Identity, timestamp: UInt64, nonce: [UInt8]? = nil
    ) throws -> SealedAttachment {
        let overhead = headerLength + Sodium.aeadNonceBytes + Sodium.aeadTagBytes + Sodium.signatureBytes
        guard plaintext.count <= maxBytes - overhead else {
            throw CryptoError(.tooLarge, "an attachment holds at most \(maxBytes - overhead) bytes, this one has \(plaintext.count)")
        }
        guard key.publisher == signer.publicIdentity.keyID else {
            throw CryptoError(.unknownChannel, "channel '\(key.channelName)' does not belong to '\(signer.name)'")
        }
        let nonce = nonce ?? Sodium.randomBytes(Sodium.aeadNonceBytes)
        var writer = ByteWriter(capacity: plaintext.count + overhead)
        writer.append(magic)
        writer.append(version)
        writer.append(contentType.rawValue)
        writer.append(0 as UInt8)
        writer.append(key.publisher)
        writer.append(key.channel)
        writer.append(key.epoch)
        writer.append(timestamp)
        writer.append(nonce)
        writer.append(
            try Sodium.aeadEncrypt(plaintext[...], additionalData: writer.bytes[..<headerLength], nonce: nonce[...], key: key.key))
        writer.append(try signer.sign(writer.bytes[...]))
        return try SealedAttachment(bytes: writer.bytes)
    }
}
