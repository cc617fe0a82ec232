/// Why the subscriber could not do something, and what to do about it.
public struct SubscriberError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The opened payload is not a signal this version reads.
        case malformedPayload
        /// The inbox database could not be read or written.
        case storage
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
