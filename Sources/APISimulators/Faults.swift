import Synchronization

/// Faults a simulator applies to the next requests, in order, one request each: what tests use to
/// prove that clients retry, back off and report correctly.
public enum Fault: Sendable, Equatable {
    /// HTTP 429 with the API's retry hint (Telegram `parameters.retry_after`, Slack `Retry-After`).
    case tooManyRequests(retryAfter: Int)
    /// An HTTP 5xx with an error body.
    case serverError(status: Int)
    /// Answer normally, but only after this long.
    case slow(Duration)
    /// Start an answer and close the connection halfway through it.
    case dropConnection
}

/// A queue of faults shared by a simulator's handlers.
public final class FaultPlan: Sendable {
    private let queue = Mutex<[Fault]>([])
    private let served = Mutex<Int>(0)

    public init() {}

    /// Queues faults for the next requests.
    public func inject(_ faults: Fault...) { queue.withLock { $0.append(contentsOf: faults) } }

    /// The fault for this request, if any.
    func next() -> Fault? {
        served.withLock { $0 += 1 }
        return queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    /// How many requests were served so far.
    public var requests: Int { served.withLock { $0 } }
}
