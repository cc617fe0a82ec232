/// A credential from settings.yml or the environment. It prints, interpolates, dumps and mirrors
/// as `<redacted>`, so it cannot reach a log line by accident; ``reveal()`` is the one way in.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The credential itself, for the one call that sends it (an HTTP header, a signature).
    public func reveal() -> String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
