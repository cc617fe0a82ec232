/// A Kraken API failure, with what to do about it.
public struct KrakenError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The API key or secret is wrong or missing.
        case invalidCredentials
        /// The nonce store cannot be read or written.
        case nonceStore
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}
