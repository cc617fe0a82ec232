/// Why a TCP connection could not be made, ended, or refused a frame: a ``code`` to act on and a ``message``
/// saying what to do. Cancellation is not a `TCPError`: it is thrown as `CancellationError`.
public struct TCPError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// Nothing listens at the address: the server is not running, or the port is wrong.
        case connectionRefused
        /// The connection was not made within the connect timeout.
        case timedOut
        /// The host name did not resolve to an address.
        case hostNotFound
        /// The connection is closed or was reset: by the peer, or by ``TCPStream/close()``.
        case closed
        /// A frame over the framing's limit: from the peer (the connection is then closed), or one we tried to send
        /// (nothing was sent).
        case frameTooLarge
        /// A frame the framing cannot carry, such as a line holding a newline; nothing was sent.
        case invalidFrame
        /// Two tasks tried to read frames from the same stream at once.
        case concurrentRead
        /// Another socket failure.
        case connection
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }

    /// Whether connecting again (after `reconnectDelay(afterFailures:)`) may help: the server may come up,
    /// the network may heal. A peer breaking the framing, or a misuse, will do the same again.
    public var isTransient: Bool {
        switch code {
        case .connectionRefused, .timedOut, .hostNotFound, .closed, .connection: true
        case .frameTooLarge, .invalidFrame, .concurrentRead: false
        }
    }
}
