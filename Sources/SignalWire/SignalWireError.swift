/// Why a signal payload was refused: a stable ``Code`` for programs, the offending ``field`` (a path
/// such as `targets[2].weight`) and a message for people that says what was wrong and what to do.
public struct SignalWireError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, stable across releases so callers and scripts can branch on it.
    public enum Code: String, Sendable, CaseIterable {
        /// Longer than ``SignalPayload/maxBytes``.
        case tooLarge
        /// Not well-formed JSON (or nested deeper than ``SignalPayload/maxDepth``).
        case notJSON
        /// JSON, but not an object.
        case notAnObject
        /// `v` is missing, not a whole number, or a version this Signet does not read.
        case unsupportedVersion
        /// A `kind` this Signet does not read.
        case unknownKind
        /// A field the kind requires is absent.
        case missingField
        /// A field is present but has the wrong type, format or size.
        case badField
    }

    /// The kind of failure.
    public var code: Code
    /// The offending field's path (`price`, `targets[2].weight`, `orders.chain`); nil when the
    /// payload as a whole is refused.
    public var field: String?
    /// What was wrong and what to do, for a person; starts with the field's path when there is one.
    public var message: String

    /// Creates an error; keep `message` actionable.
    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = field.map { "\($0): \(message)" } ?? message
    }

    /// The message and the code, as the CLI prints errors: `v: … [unsupportedVersion]`.
    public var description: String { "\(message) [\(code.rawValue)]" }
}
