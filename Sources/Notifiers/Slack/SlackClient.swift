import Foundation
import Logging
import Trader
import Transport

/// A Slack Web API client (`BASE/METHOD`, `Authorization: Bearer xoxb-…`), written to the Web
/// API documentation: `auth.test`, `chat.postMessage`, `conversations.history` (cursor
/// pagination, catch-up after downtime), file upload with the current three-step flow, and
/// `apps.connections.open` for Socket Mode. HTTP 429 is retried after its `Retry-After`; 5xx and
/// connection failures with backoff (1 s, 2 s, 4 s…); posts are paced about one a second per
/// channel by queueing.
public final class SlackClient: Sendable {
    /// Slack's own server; a simulator uses the same form.
    public static let defaultBaseURL = "https://slack.com/api"
    /// Slack truncates longer message texts.
    public static let textLimit = 40_000

    let token: Secret
    let baseURL: String
    let http: HTTPClient
    let sleeper: any Sleeper
    let limiter: RateLimiter?
    let logger: Logger
    /// Attempts per call, counting the first.
    public let maxAttempts: Int

    /// - Parameter limiter: paces posts per channel; `nil` posts at once.
    public init(
        token: Secret, baseURL: String = SlackClient.defaultBaseURL, http: HTTPClient = HTTPClient(), sleeper: any Sleeper = ClockSleeper(),
        limiter: RateLimiter? = .slack(), maxAttempts: Int = 5, logger: Logger = Logger(label: "signet.slack")
    ) {
        self.token = token
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.sleeper = sleeper
        self.limiter = limiter
        self.maxAttempts = max(1, maxAttempts)
        self.logger = logger
    }

    /// `auth.test`: checks the token.
    public func authTest() async throws -> Identity {
        try await call("auth.test", form: [], as: Identity.self)
    }

    private struct Posted: Decodable { var ts: String }

    /// `chat.postMessage`; returns the message's `ts`. Text over Slack's limit is refused here
    /// rather than silently truncated by Slack.
    @discardableResult
    public func postMessage(channel: String, text: String) async throws -> String {
        guard text.count <= Self.textLimit else {
            throw SlackError(
                kind: .badRequest, error: "msg_too_long", message: "the text has \(text.count) characters; Slack keeps \(Self.textLimit)")
        }
        try await limiter?.acquire(channel)
        let body = try JSONSerialization.data(withJSONObject: ["channel": channel, "text": text])
        return try await call("chat.postMessage", body: Array(body), contentType: "application/json; charset=utf-8", as: Posted.self).ts
    }

    private struct History: Decodable {
        var messages: [Message]
        var hasMore: Bool?
        var responseMetadata: Metadata?
        struct Metadata: Decodable {
            var nextCursor: String?
            enum CodingKeys: String, CodingKey { case nextCursor = "next_cursor" }
        }
        enum CodingKeys: String, CodingKey {
            case messages
            case hasMore = "has_more"
            case responseMetadata = "response_metadata"
        }
    }

    /// One page of `conversations.history`: messages after `oldest` (exclusive), newest first.
    public func history(channel: String, oldest: String? = nil, cursor: String? = nil, limit: Int = 200) async throws -> HistoryPage {
        var form = [("channel", channel), ("limit", String(min(max(limit, 1), 999)))]
        if let oldest { form.append(("oldest", oldest)) }
        if let cursor { form.append(("cursor", cursor)) }
        let page = try await call("conversations.history", form: form, as: History.self)
        let next = page.responseMetadata?.nextCursor.flatMap { $0.isEmpty ? nil : $0 }
        return HistoryPage(messages: page.messages, hasMore: page.hasMore ?? false, nextCursor: next)
    }

    /// Every message after `oldest` (all pages), oldest first: what a subscriber missed while
    /// it was away.
    public func messages(channel: String, after oldest: String?) async throws -> [Message] {
        var all: [Message] = []
        var cursor: String?
        repeat {
            let page = try await history(channel: channel, oldest: oldest, cursor: cursor)
            all += page.messages
            cursor = page.hasMore ? page.nextCursor : nil
        } while cursor != nil
        return all.sorted { SlackClient.isNewer($1.ts, than: $0.ts) }
    }

    private struct Connection: Decodable { var url: String }

    /// `apps.connections.open` (needs this client's token to be the app-level `xapp-…` one):
    /// a single-use WebSocket URL for Socket Mode.
    public func openConnection() async throws -> String {
        try await call("apps.connections.open", form: [], as: Connection.self).url
    }
}
