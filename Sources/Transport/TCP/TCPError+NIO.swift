#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

extension TCPError {
    /// A failed connect to `host`:`port`, in words that say what to check.
    init(connecting error: any Error, host: String, port: Int, timeout: Duration) {
        let remote = "\(host):\(port)"
        if let error = error as? TCPError {
            self = error
        } else if Self.isConnectTimeout(error) {
            self.init(.timedOut, Self.timedOut(remote, timeout))
        } else if let error = error as? NIOConnectionError {
            // Happy Eyeballs tries every address the name resolved to; one refusal means the host is up but not listening.
            let causes = error.connectionErrors.map(\.error)
            if causes.contains(where: { Self.errno(of: $0) == ECONNREFUSED }) {
                self.init(.connectionRefused, Self.refused(remote))
            } else if causes.contains(where: Self.isConnectTimeout) {
                self.init(.timedOut, Self.timedOut(remote, timeout))
            } else if causes.isEmpty {
                self.init(.hostNotFound, "\(host) did not resolve to an address: check the host name")
            } else {
                let causes = causes.map { "\($0)" }.joined(separator: "; ")
                self.init(.connection, "could not connect to \(remote) (\(causes)): check the network")
            }
        } else if Self.errno(of: error) == ECONNREFUSED {
            self.init(.connectionRefused, Self.refused(remote))
        } else {
            self.init(.connection, "could not connect to \(remote) (\(error)): check the network")
        }
    }

    /// A failure of an open connection to `remote` while sending or receiving.
    init(transfer error: any Error, remote: String) {
        let code = Self.errno(of: error)
        if let error = error as? TCPError {
            self = error
        } else if code == ECONNRESET || code == EPIPE {
            self.init(.closed, "\(remote) reset the connection: connect again")
        } else if error is NIOAsyncWriterError || Self.isClosed(error) {
            self.init(.closed, "the connection to \(remote) is closed: connect again")
        } else {
            self.init(.connection, "the connection to \(remote) failed (\(error)): connect again")
        }
    }

    private static func timedOut(_ remote: String, _ timeout: Duration) -> String {
        "\(remote) did not answer within \(timeout): check the host, the port and any firewall on the way"
    }

    private static func refused(_ remote: String) -> String {
        "\(remote) refused the connection: nothing listens there; start the server (with its API socket enabled) or fix the port"
    }

    private static func errno(of error: any Error) -> CInt? {
        (error as? IOError)?.errnoCode
    }

    private static func isConnectTimeout(_ error: any Error) -> Bool {
        if case .connectTimeout? = error as? ChannelError { true } else { false }
    }

    private static func isClosed(_ error: any Error) -> Bool {
        switch error as? ChannelError {
        case .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed, .eof: true
        default: false
        }
    }
}
