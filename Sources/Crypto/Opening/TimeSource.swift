import Foundation
import Synchronization

/// Where sealing and opening read the time, in Unix milliseconds, so tests can set it.
public protocol TimeSource: Sendable {
    /// Now, in milliseconds since 1970-01-01T00:00:00Z.
    func nowMilliseconds() -> UInt64
}

/// The system's wall clock.
public struct SystemTimeSource: TimeSource {
    public init() {}

    public func nowMilliseconds() -> UInt64 {
        UInt64(max(0, (Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

/// A clock that moves only when told to: the in-memory twin of ``SystemTimeSource`` for tests.
public final class ManualTimeSource: TimeSource {
    private let now: Mutex<UInt64>

    public init(milliseconds: UInt64) { now = Mutex(milliseconds) }

    public func nowMilliseconds() -> UInt64 { now.withLock { $0 } }

    /// Moves the clock forward (or back, for skew tests) by `milliseconds`.
    public func advance(by milliseconds: Int64) {
        now.withLock { $0 = UInt64(Int64($0) + milliseconds) }
    }

    /// Sets the clock.
    public func set(milliseconds: UInt64) { now.withLock { $0 = milliseconds } }
}

/// How old, or how far in the future, a signal's timestamp may be when it is opened.
public struct TimestampPolicy: Hashable, Sendable {
    /// Older than this is refused as too old.
    public var maxAgeMilliseconds: UInt64
    /// Further ahead of our clock than this is refused as from the future (clock skew).
    public var maxFutureMilliseconds: UInt64

    /// A day old at most, five minutes ahead at most.
    public static let standard = TimestampPolicy(maxAgeMilliseconds: 86_400_000, maxFutureMilliseconds: 300_000)

    public init(maxAgeMilliseconds: UInt64, maxFutureMilliseconds: UInt64) {
        self.maxAgeMilliseconds = maxAgeMilliseconds
        self.maxFutureMilliseconds = maxFutureMilliseconds
    }
}
