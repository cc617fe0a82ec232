import Synchronization

/// Waits between retries. Injected so tests check retry delays without waiting for them.
public protocol Sleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// Real waiting, on the continuous clock.
public struct ClockSleeper: Sleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// The in-memory twin: returns at once and remembers every requested wait.
public final class RecordingSleeper: Sleeper {
    private let waits = Mutex<[Duration]>([])
    public init() {}
    public func sleep(for duration: Duration) async throws { waits.withLock { $0.append(duration) } }
    /// Every wait requested so far, in order.
    public var durations: [Duration] { waits.withLock { $0 } }
}
