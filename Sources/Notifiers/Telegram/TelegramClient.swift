import Foundation
import Logging
import Trader

/// A Telegram Bot API client (`BASE/bot<token>/METHOD`, JSON bodies), written to the Bot API
/// documentation. 429 answers are retried after their `retry_after`; 5xx answers and connection
/// failures are retried with exponential backoff (1 s, 2 s, 4 s…); other errors are thrown typed.
///
/// Telegram has no idempotency key: a retry after a lost answer may post twice. The signal
/// outbox (which numbers every signal) is what makes delivery exactly-once for subscribers.
public final class TelegramClient: Sendable {
    /// Telegram's own server; a self-hosted Bot API server or a simulator use the same form.
    public static let defaultBaseURL = "https://api.telegram.org"
    /// Longest message text Telegram accepts.
    public static let messageLimit = 4096

    private let token: Secret
    private let baseURL: String
    private let http: HTTPClient
    private let sleeper: any Sleeper
    private let logger: Logger
    /// Attempts per call, counting the first.
    public let maxAttempts: Int

    public init(
        token: Secret, baseURL: String = TelegramClient.defaultBaseURL, http: HTTPClient = HTTPClient(), sleeper: any Sleeper = ClockSleeper(),
        maxAttempts: Int = 5, logger: Logger = Logger(label: "signet.telegram")
    ) {
        self.token = token
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.sleeper = sleeper
        self.maxAttempts = max(1, maxAttempts)
        self.logger = logger
    }

    /// The bot, as Telegram knows it.
    public struct User: Sendable, Equatable {
        public var id: Int64
        public var username: String?
    }

    /// A posted message.
    public struct MessageReference: Sendable, Equatable {
        public var chatID: Int64
        public var messageID: Int
    }

    /// `getMe`: checks the token.
    public func getMe() async throws -> User {
        let result = try await call("getMe", [:])
        guard let object = result as? [String: Any], let id = (object["id"] as? NSNumber)?.int64Value else {
            throw TelegramError(kind: .transport, errorCode: 0, message: "getMe returned no user")
        }
        return User(id: id, username: object["username"] as? String)
    }

    /// `sendMessage`. Text longer than one message is split at line boundaries and sent as several
    /// messages, in order. With `html`, the text must already be Telegram HTML (see ``escapeHTML(_:)``).
    @discardableResult
    public func sendMessage(chatID: String, text: String, html: Bool = true, silent: Bool = false) async throws -> [MessageReference] {
        var sent: [MessageReference] = []
        for chunk in Self.split(text, limit: Self.messageLimit) {
            var parameters: [String: Any] = ["chat_id": chatID, "text": chunk, "disable_notification": silent]
            if html { parameters["parse_mode"] = "HTML" }
            let result = try await call("sendMessage", parameters)
            guard let object = result as? [String: Any], let id = (object["message_id"] as? NSNumber)?.intValue,
                let chat = ((object["chat"] as? [String: Any])?["id"] as? NSNumber)?.int64Value
            else {
                throw TelegramError(kind: .transport, errorCode: 0, message: "sendMessage returned no message")
            }
            sent.append(MessageReference(chatID: chat, messageID: id))
        }
        return sent
    }

    /// Escapes text for `parse_mode=HTML`: `&`, `<` and `>` (and `"` for attributes).
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Splits `text` into pieces of at most `limit` UTF-16 units (Telegram's measure), at line
    /// boundaries where possible; a line longer than `limit` is cut between characters, never
    /// inside an HTML entity.
    public static func split(_ text: String, limit: Int) -> [String] {
        guard text.utf16.count > limit else { return [text] }
        var pieces: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { pieces.append(current) }
            current = ""
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? line : current + "\n" + line
            if candidate.utf16.count <= limit {
                current = candidate
                continue
            }
            flush()
            var rest = Substring(line)
            while rest.utf16.count > limit {
                var cut = rest.startIndex
                var used = 0
                for index in rest.indices {
                    let width = rest[index].utf16.count
                    if used + width > limit { break }
                    used += width
                    cut = rest.index(after: index)
                }
                // Do not cut inside "&amp;"-style entities.
                if let ampersand = rest[..<cut].lastIndex(of: "&"), !rest[ampersand..<cut].contains(";"), ampersand > rest.startIndex {
                    cut = ampersand
                }
                pieces.append(String(rest[..<cut]))
                rest = rest[cut...]
            }
            current = String(rest)
        }
        flush()
        return pieces
    }

    /// One Bot API call with the retry rules above; returns `result`.
    func call(_ method: String, _ parameters: [String: Any]) async throws -> Any {
        let body = try JSONSerialization.data(withJSONObject: parameters)
        let request = HTTPRequest(
            method: .post, url: "\(baseURL)/bot\(token.reveal())/\(method)", headers: [("Content-Type", "application/json")], body: Array(body))
        var attempt = 1
        while true {
            let outcome: Result<Any, TelegramError>
            do {
                outcome = Self.decode(try await http.perform(request))
            } catch let error as HTTPError where error.code == .cancelled {
                throw error
            } catch let error as HTTPError {
                outcome = .failure(TelegramError(kind: .transport, errorCode: 0, message: error.message))
            }
            let failure: TelegramError
            switch outcome {
            case .success(let result): return result
            case .failure(let error): failure = error
            }
            let delay: Duration
            switch failure.kind {
            case .rateLimited: delay = .seconds(failure.retryAfter ?? 1)
            case .server, .transport: delay = .seconds(1 << min(attempt - 1, 5))
            default: throw failure
            }
            guard attempt < maxAttempts else { throw failure }
            logger.warning("Telegram \(method) failed; retrying", metadata: ["error": "\(failure)", "attempt": "\(attempt)", "delay": "\(delay)"])
            try await sleeper.sleep(for: delay)
            attempt += 1
        }
    }

    static func decode(_ response: HTTPResponse) -> Result<Any, TelegramError> {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            let kind: TelegramError.Kind = response.status >= 500 ? .server : .transport
            return .failure(TelegramError(kind: kind, errorCode: response.status, message: "answer \(response.status) is not Bot API JSON"))
        }
        if object["ok"] as? Bool == true, let result = object["result"] { return .success(result) }
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
        return .failure(TelegramError(
            kind: kind, errorCode: code, message: object["description"] as? String ?? "no description",
            retryAfter: (parameters?["retry_after"] as? NSNumber)?.intValue, migrateToChatID: migrate))
    }
}
