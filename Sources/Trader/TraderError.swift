/// Every failure the engine reports: a stable ``Code`` and a message that says what to do.
public struct TraderError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        /// A number could not be parsed or does not fit the fixed-point range.
        case invalidNumber
        /// An input file (bars, settings) is malformed.
        case invalidData
        /// A file could not be read or written.
        case io
        /// A strategy name or parameter is unknown or invalid.
        case invalidStrategy
        /// A configuration value is invalid.
        case invalidConfiguration
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}
