/// A Kraken API failure, with what to do about it, and whether the call may be retried.
public struct KrakenError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        /// The API key or secret in settings.yml is missing or malformed (caught before any call).
        case invalidCredentials
        /// The nonce store cannot be read or written.
        case nonceStore
        // The documented `error` strings ("Spot Error Messages", "Spot REST Rate Limits").
        case invalidKey, invalidSignature, invalidNonce, permissionDenied, temporaryLockout
        case rateLimited, orderRateLimited, throttled
        case invalidArguments, unknownPair, unknownOrder, insufficientFunds, orderMinimum, marginNotAllowed
        case unavailable, busy, marketRestricted, deadlineElapsed, internalError
        /// An `error` string this version does not know.
        case unknown
    }

    /// Whether a failed call may be sent again.
    public enum Retry: Sendable, Equatable {
        /// Refused before it was processed: send again (after `afterSeconds`, if given).
        case safe(afterSeconds: Int?)
        /// It may or may not have taken effect: for an order, look it up by its client id first.
        case queryFirst
        /// Sending it again would fail the same way.
        case never
    }

    public var code: Code
    public var message: String
    public var retry: Retry
    /// Kraken's own error string, when the error came from Kraken.
    public var apiError: String?

    public init(_ code: Code, _ message: String, retry: Retry = .never, apiError: String? = nil) {
        self.code = code
        self.message = message
        self.retry = retry
        self.apiError = apiError
    }

    public var description: String { "\(message) [\(code.rawValue)\(apiError.map { ": \($0)" } ?? "")]" }
}
