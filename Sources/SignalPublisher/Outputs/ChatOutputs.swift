import Notifiers

/// Posts each signal's sealed line to a Telegram chat (the `sealed` mode: the text a subscriber
/// opens; readers without the channel key see only the envelope).
public struct TelegramSignalOutput: SignalOutput {
    public let name: String
    private let client: TelegramClient
    private let chatID: String

    public init(name: String = "telegram", client: TelegramClient, chatID: String) {
        self.name = name
        self.client = client
        self.chatID = chatID
    }

    public func deliver(_ entry: OutboxEntry) async throws -> String {
        // The sealed line is plain ASCII; no HTML mode, so nothing in it can be misread as markup.
        let sent = try await client.sendMessage(chatID: chatID, text: entry.sealed, html: false, silent: true)
        return sent.map { "\($0.chatID):\($0.messageID)" }.joined(separator: ",")
    }
}

/// Posts each signal's sealed line to a Slack channel, where subscribers read it through Socket
/// Mode or the channel history.
public struct SlackSignalOutput: SignalOutput {
    public let name: String
    private let client: SlackClient
    private let channel: String

    public init(name: String = "slack", client: SlackClient, channel: String) {
        self.name = name
        self.client = client
        self.channel = channel
    }

    public func deliver(_ entry: OutboxEntry) async throws -> String {
        try await client.postMessage(channel: channel, text: entry.sealed)
    }
}
