import Logging

/// A chat API's typed failure, as the shared retry loop needs to see it.
protocol RetryableFailure: Error, CustomStringConvertible {
    /// The failure for a transport problem (connection, timeout) during `what`.
    static func transport(_ what: String, _ error: HTTPError) -> Self
    /// How long to wait before attempt `attempt + 1`, or `nil` when retrying cannot help.
    func retryDelay(afterAttempt attempt: Int) -> Duration?
}

extension RetryableFailure {
    /// 1 s, 2 s, 4 s… capped at 32 s.
    static func backoff(afterAttempt attempt: Int) -> Duration { .seconds(1 << min(max(attempt - 1, 0), 5)) }
}

/// Runs `attempt` until it succeeds, waiting as each failure asks (429's stated delay, backoff
/// for 5xx and transport trouble), up to `maxAttempts`; other failures and cancellation end it.
func withRetries<Result, Failure: RetryableFailure>(
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
