/// A readable message signed by a publisher, for public channels where signals go out in clear
/// (docs/PROTOCOL.md section 12): the text, then a line `signet-signed1.` ‖ base64url(S). Anyone
/// who pinned the publisher's identity can check that the text is the publisher's, unchanged,
/// and which channel and sequence number it belongs to; nothing is encrypted.
public struct SignedText: Sendable, Equatable {
    static let form = TextForm(kind: "signet-signed", version: 1, what: "signature line")
    static let magic: [UInt8] = Array("SGT".utf8)
    static let version: UInt8 = 1
    /// magic, version, key id, channel id, sequence, timestamp.
    static let headerLength = 4 + 8 + 16 + 8 + 8

    public let publisher: KeyID
    public let channel: ChannelID
    public let sequence: UInt64
    /// Unix milliseconds.
    public let timestamp: UInt64
    /// The signed text, normalised (see ``normalise(_:)``).
    public let text: String

    /// Signs `text` and returns the message to post: the normalised text, a newline, the signature line.
    public static func sign(
        _ text: String, by identity: Identity, channel: ChannelID, sequence: UInt64, timestamp: UInt64
    ) throws -> String {
        let body = normalise(text)
        let header = header(publisher: identity.publicIdentity.keyID, channel: channel, sequence: sequence, timestamp: timestamp)
        let signature = try identity.sign((header + Array(body.utf8))[...])
        return body + "\n" + form.encode(header + signature)
    }

    /// Finds the signature line in `message`, checks it against the pinned `publishers`, and
    /// returns what was signed. Text after the signature line is ignored; text before it is
    /// what the signature covers.
    public static func verify(_ message: String, publishers: [PublicIdentity]) throws -> (SignedText, PublicIdentity) {
        let lines = message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let index = lines.lastIndex(where: { String($0).trimmingWhitespace().hasPrefix(form.kind) }) else {
            throw CryptoError(
                .malformed,
                "no signature line (starting with '\(form.prefix)') in this message; copy the whole message, its last line included")
        }
        let bytes = try form.decode(String(lines[index]), maxLength: 200)
        guard bytes.count == headerLength + 64 else {
            throw CryptoError(
                .wrongLength,
                "the signature line holds \(bytes.count) bytes, not \(headerLength + 64); copy it again, whole and unchanged")
        }
        var reader = ByteReader(bytes, what: "signature line")
        guard Array(try reader.read(3)) == magic, try reader.readUInt8() == version else {
            throw CryptoError(.unsupportedVersion, "this signature line is of another kind or version; upgrade signet")
        }
        let publisher = KeyID(try reader.read(8))
        let channel = ChannelID(try reader.read(16))
        let sequence = try reader.readUInt64(), timestamp = try reader.readUInt64()
        guard let identity = publishers.first(where: { $0.keyID == publisher }) else {
            throw CryptoError(
                .unknownPublisher,
                "signed by key \(publisher), which is none of the identities you trust; "
                    + "pin the publisher with 'signet keys import' (and check the fingerprint with them)")
        }
        let body = normalise(lines[..<index].joined(separator: "\n"))
        guard identity.verify(signature: bytes[headerLength...], over: (Array(bytes[..<headerLength]) + Array(body.utf8))[...]) else {
            throw CryptoError(
                .badSignature,
                "the signature does not match: the text was changed after signing, or the line belongs to another message")
        }
        return (SignedText(publisher: publisher, channel: channel, sequence: sequence, timestamp: timestamp, text: body), identity)
    }

    /// Line ends as `\n`, trailing spaces of each line and blank lines around the text removed:
    /// what chat apps and copy-paste are known to change, and nothing else.
    public static func normalise(_ text: String) -> String {
        // "\r\n" is one Character in Swift, and a newline: splitting on isNewline handles both endings.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line in
            String(line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func header(publisher: KeyID, channel: ChannelID, sequence: UInt64, timestamp: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(magic)
        writer.append(version)
        writer.append(publisher)
        writer.append(channel)
        writer.append(sequence)
        writer.append(timestamp)
        return writer.bytes
    }
}
