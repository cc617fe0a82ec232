import Synchronization

/// The time a ``RateLimiter`` paces by: a monotonic "now" and waiting until a deadline. Injected so
/// tests prove pacing by moving a manual clock instead of sleeping.
public protocol PacingClock: Sendable {
    /// Time since this clock's origin.
    func now() -> Duration
    /// Returns at or after `deadline` (measured like ``now()``).
    func sleep(until deadline: Duration) async throws
}

/// Real time, on the continuous clock.
public struct SystemPacingClock: PacingClock {
    private let origin = ContinuousClock.now
    public init() {}
    public func now() -> Duration { ContinuousClock.now - origin }
    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin + deadline, clock: .continuous)
    }
}

/// The in-memory twin: time moves only when ``advance(by:)`` is called.
public final class ManualPacingClock: PacingClock {
    private struct State {
        var now: Duration = .zero
        var sleepers: [(deadline: Duration, continuation: CheckedContinuation<Void, Never>)] = []
    }
    private let state = Mutex(State())

    public init() {}

    public func now() -> Duration { state.withLock { $0.now } }

    public func sleep(until deadline: Duration) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if deadline <= state.now { return true }
                state.sleepers.append((deadline, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// How many callers are waiting.
    public var waiting: Int { state.withLock { $0.sleepers.count } }

    /// Moves time forward and wakes everyone whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.map(\.continuation)
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for continuation in due { continuation.resume() }
    }
}
