import Logging

/// A chat API's typed failure, as the shared retry loop needs to see it.
package protocol RetryableFailure: Error, CustomStringConvertible {
    /// The failure for a transport problem (connection, timeout) during `what`.
    static func transport(_ what: String, _ error: HTTPError) -> Self
    /// What retrying can do for this failure.
    var retryKind: RetryKind { get }
}

/// How a failure is retried.
package enum RetryKind {
    /// Rate limited: wait as the server said (1 s when it said nothing).
    case after(seconds: Int?)
    /// Server or transport trouble: back off 1 s, 2 s, 4 s… (capped at 32 s).
    case backoff
    /// Retrying the same request cannot help.
    case never
}

extension RetryableFailure {
    /// How long to wait before attempt `attempt + 1`, or `nil` when retrying cannot help.
    package func retryDelay(afterAttempt attempt: Int) -> Duration? {
        switch retryKind {
        case .after(let seconds): .seconds(seconds ?? 1)
        case .backoff: .seconds(1 << min(max(attempt - 1, 0), 5))
        case .never: nil
        }
    }
}

/// Runs `attempt` until it succeeds, waiting as each failure asks (429's stated delay, backoff
/// for 5xx and transport trouble), up to `maxAttempts`; other failures and cancellation end it.
package func withRetries<Result, Failure: RetryableFailure>(
    _ what: String, failure: Failure.Type, maxAttempts: Int, sleeper: any Sleeper, logger: Logger, _ attempt: () async throws -> Result
) async throws -> Result {
    var number = 1
    while true {
        let failed: Failure
        do {
            return try await attempt()
        } catch let error as HTTPError where error.code == .cancelled {
            throw error
        } catch let error as HTTPError {
            failed = Failure.transport(what, error)
        } catch let error as Failure {
            failed = error
        }
        guard let delay = failed.retryDelay(afterAttempt: number), number < maxAttempts else { throw failed }
        logger.warning("\(what) failed; retrying", metadata: ["error": "\(failed)", "attempt": "\(number)", "delay": "\(delay)"])
        try await sleeper.sleep(for: delay)
        number += 1
    }
}
