import Transport
/// A Slack Web API failure: the `ok:false` answer typed (its `error` code kept), or the
/// transport's failure.
public struct SlackError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// `not_authed`, `invalid_auth`, `token_revoked`…: the token is wrong.
        case unauthorized
        /// `channel_not_found`, `not_in_channel`: the app cannot see or post in the channel.
        case channel
        /// 429 still failing after the retries.
        case rateLimited
        /// 5xx or `internal_error`/`fatal_error` still failing after the retries.
        case server
        /// The request was refused for its content (`no_text`, `msg_too_long`, `invalid_cursor`…).
        case badRequest
        /// No usable answer (connection, timeout, not JSON).
        case transport
    }

    public var kind: Kind
    /// Slack's `error` string (`channel_not_found`…), or `http_<status>` / `transport`.
    public var error: String
    public var message: String
    /// `Retry-After`, seconds.
    public var retryAfter: Int?

    public init(kind: Kind, error: String, message: String, retryAfter: Int? = nil) {
        self.kind = kind
        self.error = error
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The kind Slack's documented error codes belong to.
    static func kind(of error: String) -> Kind {
        switch error {
        case "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type", "missing_scope":
            .unauthorized
        case "channel_not_found", "not_in_channel", "is_archived": .channel
        case "ratelimited", "rate_limited": .rateLimited
        case "internal_error", "fatal_error", "service_unavailable", "request_timeout": .server
        default: .badRequest
        }
    }

    public var description: String {
        var text = "Slack \(kind.rawValue) (\(error)): \(message)"
        switch kind {
        case .unauthorized:
            text += "; check slack.token (xoxb-… bot token) or slack.app_token (xapp-… with connections:write) and the app's scopes"
        case .channel: text += "; check slack.channel and invite the app to the channel (/invite @app)"
        default: break
        }
        return text
    }
}

extension SlackError: RetryableFailure {
    package static func transport(_ what: String, _ error: HTTPError) -> SlackError {
        SlackError(kind: .transport, error: "transport", message: "\(what): \(error.message)")
    }

    package var retryKind: RetryKind {
        switch kind {
        case .rateLimited: .after(seconds: retryAfter)
        case .server, .transport: .backoff
        default: .never
        }
    }
}
