import Foundation
import Logging
import Synchronization
import Trader
import Transport

/// A Telegram Bot API client (`BASE/bot<token>/METHOD`), written to the Bot API documentation.
/// 429 answers are retried after their `retry_after`; 5xx answers and connection failures are
/// retried with exponential backoff (1 s, 2 s, 4 s…); other errors are thrown typed. Sends are
/// paced by a ``RateLimiter`` (Telegram's published limits) by queueing, never by dropping. A
/// group that became a supergroup is followed: later sends go to the new chat id, and a warning
/// says to update `telegram.chat_id`.
///
/// Telegram has no idempotency key: a retry after a lost answer may post twice. The signal
/// outbox (which numbers every signal) is what makes delivery exactly-once for subscribers.
public final class TelegramClient: Sendable {
    /// Telegram's own server; a self-hosted Bot API server or a simulator use the same form.
    public static let defaultBaseURL = "https://api.telegram.org"
    /// Longest message text Telegram accepts.
    public static let messageLimit = 4096
    /// Longest photo or document caption Telegram accepts.
    public static let captionLimit = 1024

    let token: Secret
    let baseURL: String
    let http: HTTPClient
    let sleeper: any Sleeper
    let limiter: RateLimiter?
    let logger: Logger
    /// Old chat id → new chat id, learnt from `migrate_to_chat_id`.
    let migrations = Mutex<[String: String]>([:])
    /// Attempts per call, counting the first.
    public let maxAttempts: Int

    /// - Parameter limiter: paces sends per chat; `nil` sends at once (tests of other behaviour).
    public init(
        token: Secret, baseURL: String = TelegramClient.defaultBaseURL, http: HTTPClient = HTTPClient(),
        sleeper: any Sleeper = ClockSleeper(), limiter: RateLimiter? = .telegram(), maxAttempts: Int = 5,
        logger: Logger = Logger(label: "signet.telegram")
    ) {
        self.token = token
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.sleeper = sleeper
        self.limiter = limiter
        self.maxAttempts = max(1, maxAttempts)
        self.logger = logger
    }

    /// `getMe`: checks the token and tells who the bot is.
    public func getMe() async throws -> User {
        try await call("getMe", json: [:], as: User.self)
    }

    /// `getChat`: the chat `chat` names, a numeric id (`-1001234567890`) or a public chat's
    /// `@username`, as the bot sees it. Resolves `@username` to the numeric id that updates carry.
    /// A chat that does not exist or that the bot is not in is ``TelegramError/Kind/badRequest``
    /// ("chat not found").
    public func getChat(_ chat: String) async throws -> Chat {
        try await call("getChat", json: ["chat_id": chat], as: Chat.self)
    }

    /// Chats this client learnt had moved (old id → new id).
    public var migratedChats: [String: String] { migrations.withLock { $0 } }

    /// One Bot API call with a JSON body.
    func call<Result: Decodable>(
        _ method: String, json parameters: [String: Any], timeout: Duration = .seconds(30), as type: Result.Type
    ) async throws -> Result {
        let body = try JSONSerialization.data(withJSONObject: parameters)
        return try await call(method, body: Array(body), contentType: "application/json", timeout: timeout, as: type)
    }

    /// One Bot API call with the retry rules above; returns the decoded `result`.
    func call<Result: Decodable>(
        _ method: String, body: [UInt8], contentType: String, timeout: Duration = .seconds(30), as type: Result.Type
    ) async throws -> Result {
        let request = HTTPRequest(
            method: .post, url: "\(baseURL)/bot\(token.reveal())/\(method)", headers: [("Content-Type", contentType)], body: body,
            timeout: timeout)
        return try await withRetries(
            "Telegram \(method)", failure: TelegramError.self, maxAttempts: maxAttempts, sleeper: sleeper, logger: logger
        ) {
            try Self.decode(try await http.perform(request), method: method, as: type)
        }
    }

    private struct Envelope<Result: Decodable>: Decodable { var result: Result }

    static func decode<Result: Decodable>(_ response: HTTPResponse, method: String, as type: Result.Type) throws -> Result {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            let kind: TelegramError.Kind = response.status >= 500 ? .server : .transport
            throw TelegramError(kind: kind, errorCode: response.status, message: "\(method): answer \(response.status) is not Bot API JSON")
        }
        if object["ok"] as? Bool == true {
            do {
                return try JSONDecoder().decode(Envelope<Result>.self, from: Data(response.body)).result
            } catch {
                throw TelegramError(kind: .transport, errorCode: 0, message: "\(method): unexpected result shape (\(error))")
            }
        }
        let code = (object["error_code"] as? NSNumber)?.intValue ?? response.status
        let parameters = object["parameters"] as? [String: Any]
        let migrate = (parameters?["migrate_to_chat_id"] as? NSNumber)?.int64Value
        let kind: TelegramError.Kind =
            switch code {
            case 401: .unauthorized
            case 403: .forbidden
            case 409: .conflict
            case 429: .rateLimited
            case 500...: .server
            default: migrate != nil ? .chatMigrated : .badRequest
            }
        throw TelegramError(
            kind: kind, errorCode: code, message: object["description"] as? String ?? "no description",
            retryAfter: (parameters?["retry_after"] as? NSNumber)?.intValue, migrateToChatID: migrate)
    }
}
