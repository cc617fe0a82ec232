/// A shared API secret for another service's request signing (an exchange's private API): held
/// in guarded memory, zeroed on release, never printed. Signet's own protocol uses no shared
/// secrets of this kind; this only gives other protocols libsodium's primitives.
public final class APISecret: CustomStringConvertible {
    private let key: SecretBytes

    /// Decodes a secret given as standard base64 (as exchanges hand them out).
    public init(base64: String) throws {
        guard var bytes = Sodium.base64Decode(base64.trimmingWhitespace()), !bytes.isEmpty else {
            throw CryptoError(.malformed, "the API secret is not standard base64; copy it again, whole, from the exchange's API key page")
        }
        key = try SecretBytes(consuming: &bytes)
    }

    /// HMAC-SHA-512 of `message` under this secret.
    public func hmacSHA512(_ message: [UInt8]) throws -> [UInt8] { try Sodium.hmacSHA512(message, key: key) }

    public var description: String { "APISecret(redacted)" }
}

/// Hashes and encodings other services' request signing needs, on libsodium.
public enum Digests {
    /// SHA-256 of `message`.
    public static func sha256(_ message: [UInt8]) throws -> [UInt8] { try Sodium.sha256(message) }

    /// Standard base64 with padding (RFC 4648 §4).
    public static func base64(_ bytes: [UInt8]) -> String { Sodium.base64Encode(bytes) }
}
