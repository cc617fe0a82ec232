/// A channel's 16 random bytes, fixed at `signet channel create`. Every signal names its channel by
/// this id, never by its human name, so names stay private and a re-created channel is a new one.
public struct ChannelID: Hashable, Sendable, CustomStringConvertible, Codable {
    public static let byteCount = 16
    /// The identifier as two big-endian integers: no heap allocation, cheap to hash on every open.
    let high: UInt64
    let low: UInt64

    init(_ bytes: some Collection<UInt8>) {
        precondition(bytes.count == Self.byteCount, "a channel id is 16 bytes")
        high = bytes.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
        low = bytes.dropFirst(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// The raw identifier, 16 bytes.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }

    /// A fresh random id.
    public static func random() throws -> ChannelID {
        try Sodium.ready()
        return ChannelID(Sodium.randomBytes(byteCount))
    }

    /// Lower-case hex.
    public var description: String { Hex.encode(bytes) }

    /// A channel id from its 32 hex digits (``description``).
    public init(hex text: String) throws {
        guard let raw = Hex.decode(text), raw.count == Self.byteCount else {
            throw CryptoError(.malformed, "'\(text)' is not a channel id (32 hex digits)")
        }
        self.init(raw)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let raw = Hex.decode(text), raw.count == Self.byteCount else {
            throw CryptoError(.malformed, "'\(text)' is not a channel id (32 hex digits)")
        }
        self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
