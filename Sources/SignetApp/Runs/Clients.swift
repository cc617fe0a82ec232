import Notifiers

/// The chat clients a settings section describes, made one way everywhere.
public enum Clients {
    /// A Telegram client, paced to Telegram's limits unless `pacing: false`.
    public static func telegram(_ settings: TelegramSettings) -> TelegramClient {
        TelegramClient(
            token: settings.token, baseURL: settings.apiURL ?? TelegramClient.defaultBaseURL, limiter: settings.pacing ? .telegram() : nil)
    }

    /// A Slack Web API client with the bot token, paced unless `pacing: false`.
    public static func slack(_ settings: SlackSettings) -> SlackClient {
        SlackClient(
            token: settings.token, baseURL: settings.apiURL ?? SlackClient.defaultBaseURL, limiter: settings.pacing ? .slack() : nil)
    }
}
