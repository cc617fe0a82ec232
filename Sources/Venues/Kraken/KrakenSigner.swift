import SignetCrypto
import Transport

/// Signs Kraken private REST requests as Kraken documents ("spot-rest-auth"): the `API-Sign`
/// header is base64(HMAC-SHA512(base64-decoded API secret, URI path ‖ SHA256(nonce ‖ POST body))),
/// sent with the `API-Key` header. The body is the form-encoded request, `nonce` included.
/// Holds the secret in guarded memory: confined to one owner (the REST client).
public struct KrakenSigner {
    private let secret: APISecret

    /// - Parameter secret: the API secret as Kraken shows it (standard base64).
    public init(secret: String) throws {
        do {
            self.secret = try APISecret(base64: secret)
        } catch let error as CryptoError {
            throw KrakenError(
                .invalidCredentials,
                "the Kraken API secret is not valid base64 (\(error.message)); "
                    + "copy it again from Kraken's API key page into exchange_apis.Kraken.secret")
        }
    }

    /// The `API-Sign` value for a request to `path` (`/0/private/AddOrder`) with this `nonce` and form `body`.
    public func sign(path: String, nonce: String, body: String) throws -> String {
        let digest = try Digests.sha256(Array((nonce + body).utf8))
        return Digests.base64(try secret.hmacSHA512(Array(path.utf8) + digest))
    }
}
