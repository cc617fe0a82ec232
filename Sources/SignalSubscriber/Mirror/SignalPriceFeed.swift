import Synchronization
import Trader

/// The subscriber's market data when it mirrors onto the paper broker: every price a signal
/// carries (the publisher's mark with an order, its fill price, a snapshot's prices) becomes a
/// bar of the subscriber's instrument, stamped with the publisher's time for that price, so the
/// subscriber's journal lines up with the publisher's (in a replay as much as live). Each bar is a
/// decision point for the mirroring strategy, and the paper broker fills mirrored market orders
/// at the next price the publisher reports, which is where the publisher's own order filled.
///
/// Bar times strictly increase, from after the last bar the run journaled (a signal that comes
/// late, or again after a restart, is stamped just after the newest bar), and the
/// sequence ends when ``finish()`` is called (the idle limit, or shutdown).
public final class SignalPriceFeed: AsyncSequence, Sendable {
    public typealias Element = Bar
    private let stream: AsyncStream<Bar>
    private let continuation: AsyncStream<Bar>.Continuation
    private let last: Mutex<Int64>

    /// Length of each bar (Unix ms): one millisecond, so every bar completes, and is decided on, at once.
    public static let barMilliseconds: Int64 = 1

    /// - Parameter after: the time of the last bar the run journaled (Unix ms).
    public init(after: Int64 = 0) {
        (stream, continuation) = AsyncStream.makeStream(of: Bar.self, bufferingPolicy: .unbounded)
        last = Mutex(after)
    }

    /// Adds a price of the subscriber's instrument `instrument`, as the publisher saw it at `time` (Unix ms).
    public func add(instrument: Int, price: Price, time: Int64) {
        let time = last.withLock { last in
            last = Swift.max(time, last + 1)
            return last
        }
        continuation.yield(Bar(instrument: instrument, time: time, open: price, high: price, low: price, close: price, volume: .zero))
    }

    /// Ends the sequence (the live run then stops cleanly).
    public func finish() { continuation.finish() }

    public func makeAsyncIterator() -> AsyncStream<Bar>.AsyncIterator { stream.makeAsyncIterator() }
}
