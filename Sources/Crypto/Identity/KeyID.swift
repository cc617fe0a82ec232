/// The 8-byte identifier of a public identity carried in every signal and grant: the first 8 bytes of
/// the fingerprint hash. It only selects a key; trust comes from verifying with the pinned key itself.
public struct KeyID: Hashable, Sendable, CustomStringConvertible, Codable {
    public static let byteCount = 8
    /// The identifier as a big-endian integer: no heap allocation, cheap to hash on every open.
    let value: UInt64

    init(_ bytes: some Collection<UInt8>) {
        precondition(bytes.count == Self.byteCount, "a key id is 8 bytes")
        value = bytes.reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// The raw identifier, 8 bytes.
    public var bytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) } }

    /// Lower-case hex, as printed by `signet keys list`.
    public var description: String { Hex.encode(bytes) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let raw = Hex.decode(text), raw.count == Self.byteCount else {
            throw CryptoError(.malformed, "'\(text)' is not a key id (16 hex digits)")
        }
        self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Lower-case hexadecimal, for ids in file names and messages.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil unless `text` is an even number of hexadecimal digits.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
