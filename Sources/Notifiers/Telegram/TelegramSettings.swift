import Trader
import Transport

/// The `telegram:` section of settings.yml.
public struct TelegramSettings: Sendable, Equatable {
    /// The keys the section may hold.
    public static let keys: Set<String> = ["token", "chat_id", "signed_chat_id", "api_url", "pacing"]

    public var token: Secret
    /// A numeric chat id or a public chat's `@username` (a mirror resolves it with `getChat` at start).
    public var chatID: String
    public var apiURL: String?
    /// Keep to Telegram's published rate limits (turn off only for a simulator).
    public var pacing: Bool = true
    /// Where the `telegram-signed` output posts (a public channel; default: `chatID`).
    public var signedChatID: String?

    public init(token: Secret, chatID: String, apiURL: String? = nil, pacing: Bool = true, signedChatID: String? = nil) {
        self.token = token
        self.chatID = chatID
        self.apiURL = apiURL
        self.pacing = pacing
        self.signedChatID = signedChatID
    }

    /// Reads the section; `SIGNET_TELEGRAM_TOKEN` stands in for the token.
    public init(section: SettingsSection, environment: [String: String]) throws {
        self.init(
            token: Secret(try section.secret("token", variable: "SIGNET_TELEGRAM_TOKEN", environment: environment)),
            chatID: try section.string("chat_id"),
            apiURL: try section.url("api_url"),
            pacing: try section.bool("pacing", default: true),
            signedChatID: try section.optionalString("signed_chat_id"))
    }
}
