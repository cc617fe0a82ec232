/// A sealed signal: header ‖ nonce ‖ ciphertext ‖ signature (docs/PROTOCOL.md §6), and its one-line
/// text form `sig1.<base64url>` that fits in one Telegram message.
public struct SealedSignal: Hashable, Sendable {
    static let form = TextForm(kind: "sig", version: 1, what: "signal")
    /// Longest text form: one Telegram message.
    public static let maxTextLength = 4096
    /// Longest envelope whose text form fits in ``maxTextLength`` characters.
    public static let maxBytes = (maxTextLength - 5) * 3 / 4
    static let overhead = EnvelopeHeader.fixedLength + Sodium.aeadNonceBytes + Sodium.aeadTagBytes + Sodium.signatureBytes
    /// Largest plaintext a signal carries (2,914 bytes; 2,882 when bound to an attachment).
    public static let maxPlaintextBytes = maxBytes - overhead

    /// The parsed header (not yet verified when parsed from the wire).
    public let header: EnvelopeHeader
    /// The whole envelope.
    public let bytes: [UInt8]

    /// The text form to post.
    public var text: String { Self.form.encode(bytes) }

    /// Parses (does not verify) a signal's text form.
    public init(text: String) throws {
        try self.init(bytes: Self.form.decode(text, maxLength: Self.maxTextLength))
    }

    /// Parses (does not verify) a signal's binary form.
    public init(bytes: [UInt8]) throws {
        guard bytes.count <= Self.maxBytes else {
            throw CryptoError(.tooLarge, "the signal is \(bytes.count) bytes; a signal is at most \(Self.maxBytes) bytes")
        }
        var reader = ByteReader(bytes, what: "signal")
        header = try EnvelopeHeader.decode(from: &reader)
        guard reader.remaining >= Sodium.aeadNonceBytes + Sodium.aeadTagBytes + Sodium.signatureBytes else {
            throw CryptoError(
                .wrongLength,
                "the signal is too short (\(bytes.count) bytes) to hold a nonce, a ciphertext and a signature; it was cut off")
        }
        self.bytes = bytes
    }

    var headerBytes: ArraySlice<UInt8> { bytes[..<header.encodedLength] }
    var nonce: ArraySlice<UInt8> { bytes[header.encodedLength..<(header.encodedLength + Sodium.aeadNonceBytes)] }
    var ciphertext: ArraySlice<UInt8> { bytes[(header.encodedLength + Sodium.aeadNonceBytes)..<(bytes.count - Sodium.signatureBytes)] }
    var signed: ArraySlice<UInt8> { bytes[..<(bytes.count - Sodium.signatureBytes)] }
    var signature: ArraySlice<UInt8> { bytes[(bytes.count - Sodium.signatureBytes)...] }

    /// Seals `plaintext` under `key`, signed by `signer`. `nonce` is for test vectors only; by
    /// default 24 random bytes, which XChaCha20 makes safe to draw at random.
    static func seal(
        _ plaintext: [UInt8], header: EnvelopeHeader, key: ChannelKey, signer: Identity, nonce: [UInt8]? = nil
    ) throws -> SealedSignal {
        let limit = maxBytes - overhead - (header.attachmentDigest == nil ? 0 : 32)
        guard plaintext.count <= limit else {
            throw CryptoError(
                .tooLarge,
                "a signal holds at most \(limit) bytes of plaintext, this one has \(plaintext.count); send the rest as an attachment")
        }
        guard header.publisher == signer.publicIdentity.keyID, header.publisher == key.publisher,
            header.channel == key.channel, header.epoch == key.epoch
        else {
            throw CryptoError(.unknownChannel, "the header does not match the channel key or the signing identity")
        }
        let nonce = nonce ?? Sodium.randomBytes(Sodium.aeadNonceBytes)
        var writer = ByteWriter(capacity: header.encodedLength + nonce.count + plaintext.count + 80)
        header.encode(into: &writer)
        let headerLength = writer.bytes.count
        writer.append(nonce)
        writer.append(
            try Sodium.aeadEncrypt(plaintext[...], additionalData: writer.bytes[..<headerLength], nonce: nonce[...], key: key.key))
        writer.append(try signer.sign(writer.bytes[...]))
        return try SealedSignal(bytes: writer.bytes)
    }
}
