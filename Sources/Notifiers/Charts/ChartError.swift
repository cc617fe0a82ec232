/// Why a chart could not be drawn, and what to do about it.
public struct ChartError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The requested size is impossible.
        case invalidSize
        /// There is nothing to draw (no bars).
        case noData
        /// Cairo failed.
        case render
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}
