import Synchronization

/// Where signals go (a Telegram chat, a Slack channel): delivers one stored signal and returns
/// the API's id for it. Throwing means "not accepted": the outbox keeps it and tries again.
public protocol SignalOutput: Sendable {
    /// Unique among a publisher's outputs; names the output's delivery rows in the outbox.
    var name: String { get }
    func deliver(_ entry: OutboxEntry) async throws -> String
}

/// The in-memory twin: records what it accepted, and refuses the next deliveries on demand.
public final class MemorySignalOutput: SignalOutput {
    public let name: String
    private let state = Mutex<(accepted: [OutboxEntry], failures: Int)>(([], 0))

    public init(name: String) { self.name = name }

    /// Refuse the next `count` deliveries.
    public func fail(next count: Int) { state.withLock { $0.failures += count } }

    /// Signals accepted so far, in order.
    public var accepted: [OutboxEntry] { state.withLock { $0.accepted } }

    public func deliver(_ entry: OutboxEntry) async throws -> String {
        try state.withLock { state in
            if state.failures > 0 {
                state.failures -= 1
                throw PublisherError(.delivery, "\(name) refused signal \(entry.sequence) (injected failure)")
            }
            state.accepted.append(entry)
            return "\(name)-\(state.accepted.count)"
        }
    }
}
