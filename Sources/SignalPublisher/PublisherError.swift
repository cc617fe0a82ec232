/// Why the publisher could not do something, and what to do about it.
public struct PublisherError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The outbox database could not be read or written.
        case storage
        /// An output refused or failed a delivery.
        case delivery
        /// The configuration is wrong.
        case configuration
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}
