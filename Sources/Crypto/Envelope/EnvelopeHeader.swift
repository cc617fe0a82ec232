/// The clear, authenticated header of a sealed signal (docs/PROTOCOL.md §6). It is the additional
/// data of the encryption and is covered by the signature, so no byte of it can change unnoticed.
public struct EnvelopeHeader: Hashable, Sendable {
    static let magic: [UInt8] = Array("SGE".utf8)
    static let version: UInt8 = 1
    static let fixedLength = 50
    static let attachmentFlag: UInt8 = 0x01

    /// What the plaintext is.
    public var contentType: ContentType
    /// The publisher's key id.
    public var publisher: KeyID
    /// The channel's id.
    public var channel: ChannelID
    /// The channel epoch whose key sealed it.
    public var epoch: UInt32
    /// Strictly increasing per channel, from 1.
    public var sequence: UInt64
    /// Unix milliseconds at sealing.
    public var timestamp: UInt64
    /// BLAKE2b-256 of the sealed attachment this signal is bound to, if any.
    public var attachmentDigest: [UInt8]?

    /// Length in bytes on the wire: 50, or 82 with an attachment digest.
    var encodedLength: Int { Self.fixedLength + (attachmentDigest == nil ? 0 : 32) }

    func encode(into writer: inout ByteWriter) {
        writer.append(Self.magic)
        writer.append(Self.version)
        writer.append(contentType.rawValue)
        writer.append(attachmentDigest == nil ? 0 : Self.attachmentFlag)
        writer.append(publisher)
        writer.append(channel)
        writer.append(epoch)
        writer.append(sequence)
        writer.append(timestamp)
        if let attachmentDigest { writer.append(attachmentDigest) }
    }

    static func decode(from reader: inout ByteReader) throws -> EnvelopeHeader {
        let magic = try reader.read(3)
        guard magic.elementsEqual(Self.magic) else {
            throw CryptoError(.malformed, "this is not a Signet signal: its content does not start with SGE")
        }
        let version = try reader.readUInt8()
        guard version == Self.version else {
            throw CryptoError(.unsupportedVersion, "this signal has inner format version \(version); this signet reads version 1 only")
        }
        let contentType = ContentType(rawValue: try reader.readUInt8())
        let flags = try reader.readUInt8()
        guard flags & ~Self.attachmentFlag == 0 else {
            throw CryptoError(
                .malformed,
                "this signal sets unknown header flags (0x\(Hex.encode([flags]))); it is damaged or from a newer signet")
        }
        let publisher = KeyID(try reader.read(KeyID.byteCount))
        let channel = ChannelID(try reader.read(ChannelID.byteCount))
        let epoch = try reader.readUInt32()
        let sequence = try reader.readUInt64()
        let timestamp = try reader.readUInt64()
        let digest = flags & Self.attachmentFlag != 0 ? try reader.readArray(32) : nil
        return EnvelopeHeader(
            contentType: contentType, publisher: publisher, channel: channel, epoch: epoch, sequence: sequence,
            timestamp: timestamp, attachmentDigest: digest)
    }
}
