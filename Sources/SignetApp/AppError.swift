/// A failure of the application layer: wiring a run from settings, options and a venue. Its
/// ``Kind`` decides the process's exit code (docs/ARCHITECTURE.md, "Exit codes").
public struct AppError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure, as `signet` reports it in its exit code.
    public enum Kind: String, Sendable {
        /// The command line asks for something that cannot be: a wrong combination of options.
        case usage
        /// A file, a setting or an argument's content is wrong.
        case input
        /// A venue or a network service refused or could not be reached.
        case venue
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
