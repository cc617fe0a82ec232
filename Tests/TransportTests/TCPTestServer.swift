import NIOCore
import NIOPosix
import Synchronization

/// A loopback TCP server for ``TCPStream`` tests: it greets each connection with fixed bytes, echoes what it
/// reads, and counts connections opened and closed so that tests can wait for the peer to see a close.
final class TCPTestServer: Sendable {
    /// Connections opened and closed so far.
    final class Counts: Sendable {
        private let state = Mutex((opened: 0, closed: 0))
        var opened: Int { state.withLock { $0.opened } }
        var closed: Int { state.withLock { $0.closed } }
        func open() { state.withLock { $0.opened += 1 } }
        func close() { state.withLock { $0.closed += 1 } }
    }

    let port: Int
    let counts: Counts
    private let channel: any Channel

    private init(port: Int, counts: Counts, channel: any Channel) {
        self.port = port
        self.counts = counts
        self.channel = channel
    }

    /// Listens on 127.0.0.1 at a port the system picks.
    /// - Parameters:
    ///   - greeting: written to each connection as soon as it opens.
    ///   - closeAfterGreeting: close each connection once the greeting is written.
    ///   - echo: write back everything read.
    static func start(greeting: [UInt8] = [], closeAfterGreeting: Bool = false, echo: Bool = true) async throws -> TCPTestServer {
        let counts = Counts()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let handler = Handler(greeting: greeting, closeAfterGreeting: closeAfterGreeting, echo: echo, counts: counts)
                    try child.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw ServerError(description: "the test server has no local port")
        }
        return TCPTestServer(port: port, counts: counts, channel: channel)
    }

    /// Starts a server, runs `body` with it, and stops it however `body` ends.
    static func run<T: Sendable>(
        greeting: [UInt8] = [], closeAfterGreeting: Bool = false, echo: Bool = true, _ body: (TCPTestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(greeting: greeting, closeAfterGreeting: closeAfterGreeting, echo: echo)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops listening; open connections end when their clients close them.
    func stop() async {
        try? await channel.close()
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
    }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let greeting: [UInt8]
        let closeAfterGreeting: Bool
        let echo: Bool
        let counts: Counts

        init(greeting: [UInt8], closeAfterGreeting: Bool, echo: Bool, counts: Counts) {
            self.greeting = greeting
            self.closeAfterGreeting = closeAfterGreeting
            self.echo = echo
            self.counts = counts
        }

        func channelActive(context: ChannelHandlerContext) {
            counts.open()
            if !greeting.isEmpty {
                let written = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: greeting)))
                if closeAfterGreeting {
                    let channel = context.channel
                    written.whenComplete { _ in channel.close(promise: nil) }
                }
            }
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            counts.close()
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if echo { context.writeAndFlush(data, promise: nil) }
        }
    }
}

/// A test step that ran out of time.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let what: String
    let after: Duration
    var description: String { "\(what) did not finish within \(after)" }
}

/// Runs `body`, cancelling it and failing past `limit`, so that a regression fails the test instead of hanging it.
func withDeadline<T: Sendable>(
    _ what: String, _ limit: Duration = .seconds(10), _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded(what: what, after: limit)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded(what: what, after: limit) }
        return first
    }
}
