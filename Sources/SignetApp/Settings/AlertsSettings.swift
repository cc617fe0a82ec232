import Trader

/// The `alerts:` section of settings.yml: where a run's warnings go besides its log, and when a
/// subscriber's silence is worth one.
public struct AlertsSettings: Sendable, Equatable {
    /// The keys the section may hold.
    public static let keys: Set<String> = ["telegram_chat_id", "silence"]

    /// A Telegram chat of the owner's own (the telegram section's bot posts there). Never a signal
    /// chat: a subscriber's alerts carry its positions and equity.
    public var telegramChatID: String?
    /// A mirror with no signal (not even a heartbeat) for this many seconds raises an alert; 0: never.
    public var silenceSeconds: Int64

    public init(telegramChatID: String? = nil, silenceSeconds: Int64 = 180) {
        self.telegramChatID = telegramChatID
        self.silenceSeconds = silenceSeconds
    }

    /// Reads the section.
    public init(section: SettingsSection) throws {
        self.init(telegramChatID: try section.optionalString("telegram_chat_id"), silenceSeconds: try section.integer("silence") ?? 180)
    }
}
