import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A loopback HTTP server running one simulator, on a port of its choosing (0: any free one).
public final class SimulatorServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        baseURL = "http://127.0.0.1:\(port)"
        self.group = group
        self.task = task
    }

    /// Starts `router` on 127.0.0.1:`port` and returns once it accepts connections.
    static func start<Context: RequestContext>(
        router: Router<Context>, server: HTTPServerBuilder = .http1(), port: Int, logger: Logger
    ) async throws -> SimulatorServer where Context.Source == ApplicationRequestContextSource {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            // If the server never starts (the port is taken), the waiter below must not wait forever.
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            task.cancel()
            let reason: String
            do {
                try await task.value
                reason = "it stopped before listening"
            } catch {
                reason = "\(error)"
            }
            throw SimulatorError("the simulator could not listen on 127.0.0.1:\(port) (is the port in use?): \(reason)")
        }
        return SimulatorServer(port: bound, group: group, task: task)
    }

    /// Stops the server gracefully (open requests finish first).
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Waits until the server stops (for `signet simulate`, which runs until Ctrl+C).
    public func wait() async throws {
        try await task.value
    }
}

public struct SimulatorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
