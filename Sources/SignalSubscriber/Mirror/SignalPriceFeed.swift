import Synchronization
import Trader

/// The subscriber's market data when it mirrors onto the paper broker: every price a signal
/// carries (the publisher's mark with an order, its fill price, a snapshot's prices) becomes a
/// bar of the subscriber's instrument, stamped with the time it arrived here. Each bar is a
/// decision point for the mirroring strategy, and the paper broker fills mirrored market orders
/// at the next price the publisher reports, which is where the publisher's own order filled.
///
/// Bar times strictly increase (a restart resumes after the last bar it journaled), and the
/// sequence ends when ``finish()`` is called (the idle limit, or shutdown).
public final class SignalPriceFeed: AsyncSequence, Sendable {
    public typealias Element = Bar
    private let stream: AsyncStream<Bar>
    private let continuation: AsyncStream<Bar>.Continuation
    private let last = Mutex<Int64>(0)
    private let now: @Sendable () -> Int64

    /// Length of each bar (Unix ms): one millisecond, so every bar completes, and is decided on, at once.
    public static let barMilliseconds: Int64 = 1

    public init(now: @escaping @Sendable () -> Int64) {
        (stream, continuation) = AsyncStream.makeStream(of: Bar.self, bufferingPolicy: .unbounded)
        self.now = now
    }

    /// Adds a price of the subscriber's instrument `instrument`.
    public func add(instrument: Int, price: Price) {
        let time = last.withLock { last in
            last = Swift.max(now(), last + 1)
            return last
        }
        continuation.yield(Bar(instrument: instrument, time: time, open: price, high: price, low: price, close: price, volume: .zero))
    }

    /// Ends the sequence (the live run then stops cleanly).
    public func finish() { continuation.finish() }

    public func makeAsyncIterator() -> AsyncStream<Bar>.AsyncIterator { stream.makeAsyncIterator() }
}
