import Transport
/// A Telegram Bot API failure: the `ok:false` answer typed, or the transport's failure.
public struct TelegramError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// 401: the bot token is wrong or revoked.
        case unauthorized
        /// 400: the request was refused (chat not found, text too long, bad HTML…).
        case badRequest
        /// 403: the bot was blocked or removed from the chat.
        case forbidden
        /// 409: another `getUpdates` long poll or a webhook is active for this bot.
        case conflict
        /// 429 still failing after the retries.
        case rateLimited
        /// The group became a supergroup: use ``TelegramError/migrateToChatID``.
        case chatMigrated
        /// 5xx still failing after the retries.
        case server
        /// No usable answer (connection, timeout, not JSON).
        case transport
    }

    public var kind: Kind
    /// Telegram's `error_code` (HTTP status), 0 for transport failures.
    public var errorCode: Int
    /// Telegram's `description`, or the transport's reason.
    public var message: String
    /// `parameters.retry_after`, seconds.
    public var retryAfter: Int?
    /// `parameters.migrate_to_chat_id`.
    public var migrateToChatID: Int64?

    public var description: String {
        var text = "Telegram \(kind.rawValue)"
        if errorCode != 0 { text += " (\(errorCode))" }
        text += ": \(message)"
        switch kind {
        case .unauthorized: text += "; check telegram.token (from BotFather)"
        case .conflict: text += "; stop the other getUpdates consumer or delete the webhook (only one may poll a bot)"
        case .chatMigrated: text += "; the chat is now \(migrateToChatID.map(String.init) ?? "?"): update telegram.chat_id"
        case .forbidden: text += "; add the bot to the chat again (as an administrator for channels)"
        case .badRequest where message.hasSuffix("chat not found"):
            text += "; check telegram.chat_id (a numeric chat id or an @username) and that the bot is a member of that chat"
        default: break
        }
        return text
    }
}

extension TelegramError: RetryableFailure {
    package static func transport(_ what: String, _ error: HTTPError) -> TelegramError {
        TelegramError(kind: .transport, errorCode: 0, message: "\(what): \(error.message)")
    }

    package var retryKind: RetryKind {
        switch kind {
        case .rateLimited: .after(seconds: retryAfter)
        case .server, .transport: .backoff
        default: .never
        }
    }
}
