/// A public identity's fingerprint, short enough to read aloud over the phone: 80 bits of
/// BLAKE2b-256 over both public keys, in Crockford base32, as four groups of four (`7KQ2-M9XD-3FHA-W1PZ`).
///
/// Crockford's alphabet has no I, L, O or U, so nothing read aloud is ambiguous.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// The first 10 bytes of the fingerprint hash.
    public let bytes: [UInt8]

    /// BLAKE2b-256("signet/fingerprint/v1" ‖ Ed25519 public key ‖ X25519 public key).
    static func hash(signingKey: [UInt8], boxKey: [UInt8]) throws -> [UInt8] {
        try Sodium.blake2b(Array("signet/fingerprint/v1".utf8), signingKey, boxKey, length: 32)
    }

    init(hash: [UInt8]) {
        bytes = Array(hash.prefix(10))
    }

    /// `XXXX-XXXX-XXXX-XXXX`.
    public var description: String {
        // 80 bits = 16 groups of 5 bits, most significant first.
        var characters: [Character] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                characters.append(Self.alphabet[Int((accumulator >> UInt32(bits)) & 0x1f)])
            }
        }
        var grouped = ""
        for (index, character) in characters.enumerated() {
            if index > 0 && index % 4 == 0 { grouped.append("-") }
            grouped.append(character)
        }
        return grouped
    }
}
