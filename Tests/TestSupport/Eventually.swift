/// A wait that ran out of time: the condition it named never became true.
public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public let after: Duration
    public var description: String { "timed out after \(after) waiting for \(what)" }
}

/// Waits for a condition that asynchronous work will make true, checking every 5 ms, and throws
/// ``TimedOut`` past `deadline`, so a regression fails the test instead of hanging it.
public func eventually(
    _ what: String, within deadline: Duration = .seconds(20), _ condition: () async throws -> Bool
) async throws {
    let start = ContinuousClock.now
    while try await !condition() {
        guard ContinuousClock.now - start < deadline else { throw TimedOut(what: what, after: deadline) }
        try await Task.sleep(for: .milliseconds(5))
    }
}
