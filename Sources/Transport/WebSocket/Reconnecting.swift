import Logging

/// How long a lost connection waits before connecting again: 1 s, 2 s, 4 s… up to 30 s.
package func reconnectDelay(afterFailures failures: Int) -> Duration {
    .seconds(min(1 << min(max(failures - 1, 0), 5), 30))
}

/// What ended one session of a connection that ``Reconnecting`` keeps up.
public enum SessionEnd: Sendable, Equatable {
    /// The server asked for a new connection (Slack's `disconnect`): connect again at once.
    case refreshed(String)
    /// The server closed the connection cleanly: connect again after the first backoff step.
    case closed(String)
    /// The connection broke: connect again after a backoff that grows with each failure in a row.
    case broken(String)
}

/// A session handler's own failure, carried out of the session unchanged: it ends the loop
/// instead of a reconnection (the handler, not the connection, failed).
public struct HandlerFailure: Error {
    public var underlying: any Error

    public init(underlying: any Error) { self.underlying = underlying }
}

/// Keeps a WebSocket (or any connection) up: runs one session after another, waiting between them
/// as ``SessionEnd`` says, on an injected ``Sleeper`` so tests need not wait. Shared by Slack
/// Socket Mode and Kraken's WebSocket v2, and by the socket venues to come.
public struct Reconnecting: Sendable {
    /// What is kept up, for the log (`Slack socket`, `Kraken WebSocket`).
    let name: String
    let sleeper: any Sleeper
    let logger: Logger
    /// Errors after which reconnecting cannot help (bad credentials): they end the loop.
    let isFatal: @Sendable (any Error) -> Bool

    public init(name: String, sleeper: any Sleeper, logger: Logger, isFatal: @escaping @Sendable (any Error) -> Bool = { _ in false }) {
        self.name = name
        self.sleeper = sleeper
        self.logger = logger
        self.isFatal = isFatal
    }

    /// Runs sessions until the task is cancelled, a session's handler fails (``HandlerFailure``,
    /// rethrown as its underlying error) or a fatal error. A session that throws anything else
    /// counts as broken. `lost` hears the reason of every closed or broken session before the wait.
    public func run(
        metadata: Logger.Metadata = [:], session: () async throws -> SessionEnd, lost: (String) async throws -> Void = { _ in }
    ) async throws {
        var failures = 0
        while true {
            try Task.checkCancellation()
            let end: SessionEnd
            do {
                end = try await session()
            } catch let error as HandlerFailure {
                throw error.underlying
            } catch is CancellationError {
                throw CancellationError()
            } catch where isFatal(error) {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                end = .broken("\(error)")
            }
            let reason: String
            switch end {
            case .refreshed(let why):
                failures = 0
                logger.info("\(name) refreshed by the server; reconnecting", metadata: metadata.merging(["reason": "\(why)"]) { $1 })
                continue
            case .closed(let why):
                failures = 0
                reason = why
            case .broken(let why):
                failures += 1
                reason = why
            }
            do {
                try await lost(reason)
            } catch let error as HandlerFailure {
                throw error.underlying
            }
            let delay = reconnectDelay(afterFailures: failures)
            logger.warning(
                "\(name) lost; reconnecting", metadata: metadata.merging(["reason": "\(reason)", "delay": "\(delay)"]) { $1 })
            try await sleeper.sleep(for: delay)
        }
    }
}
