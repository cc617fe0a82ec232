import Notifiers
import SignetCrypto
import Synchronization
import Trader

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

/// Posts signals' sealed charts to a Telegram chat as documents (`signet open --attachment`
/// opens one with its signal line). An output of its own, so that the signal lines never wait
/// for an upload.
public struct TelegramChartOutput: SignalOutput {
    public let name: String
    private let client: TelegramClient
    private let chatID: String

    public init(name: String = "telegram-charts", client: TelegramClient, chatID: String) {
        self.name = name
        self.client = client
        self.chatID = chatID
    }

    public func deliver(_ entry: OutboxEntry) async throws -> String {
        guard let attachment = entry.attachment else { return "no chart" }
        let sent = try await client.sendDocument(
            chatID: chatID, bytes: attachment, filename: chartFilename(entry), caption: nil, html: false)
        return sent.map { "\($0.chatID):\($0.messageID)" }.joined(separator: ",")
    }
}

/// Posts signals' sealed charts to a Slack channel as files, in a queue of their own.
public struct SlackChartOutput: SignalOutput {
    public let name: String
    private let client: SlackClient
    private let channel: String

    public init(name: String = "slack-charts", client: SlackClient, channel: String) {
        self.name = name
        self.client = client
        self.channel = channel
    }

    public func deliver(_ entry: OutboxEntry) async throws -> String {
        guard let attachment = entry.attachment else { return "no chart" }
        return try await client.uploadFile(
            channel: channel, bytes: attachment, filename: chartFilename(entry), title: "sealed chart of signal \(entry.sequence)"
        ).id
    }
}

/// The file name of a signal's sealed chart: the channel and sequence it is bound to.
func chartFilename(_ entry: OutboxEntry) -> String { "\(entry.channel)-\(entry.sequence).chart.sealed" }

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

/// The `signed` mode, for a public Telegram channel: each signal as readable text (what it is,
/// the run, channel, sequence number and time) under a `signet-signed1.` line that anyone who
/// pinned the publisher's identity checks with `signet verify`; a signal with a chart is posted
/// as the chart photo with that text as its caption. Nothing is encrypted; the
/// signature covers the same channel, sequence number and time as the sealed signal.
public final class SignedTelegramSignalOutput: SignalOutput {
    public let name: String
    private let client: TelegramClient
    private let chatID: String
    private let channelName: String
    private let identity: Mutex<Identity>

    /// Loads the channel's publisher identity from `keys` (its own copy, owned by this output).
    public init(
        name: String = "telegram-signed", client: TelegramClient, chatID: String, channel: String, keys: KeyDirectory, passphrase: [UInt8]?
    ) throws {
        self.name = name
        self.client = client
        self.chatID = chatID
        channelName = channel
        identity = Mutex(try keys.publisherIdentity(of: channel, passphrase: { passphrase }))
    }

    public func deliver(_ entry: OutboxEntry) async throws -> String {
        let message = try signedText(entry)
        // With a chart, the signed text is the photo's caption (short: one summary and one detail line).
        let sent =
            if let chart = entry.chart {
                try await client.sendPhoto(
                    chatID: chatID, image: chart, filename: "\(entry.channel)-\(entry.sequence).png", caption: message, html: false)
            } else {
                try await client.sendMessage(chatID: chatID, text: message, html: false, silent: false)
            }
        return sent.map { "\($0.chatID):\($0.messageID)" }.joined(separator: ",")
    }

    /// The message for `entry`: its readable summary and details, then the signature line.
    public func signedText(_ entry: OutboxEntry) throws -> String {
        let header = try SealedSignal(text: entry.sealed).header
        let time = Timestamp.format(Int64(header.timestamp))
        let text = "\(entry.readable)\n\(channelName) #\(header.sequence) · \(time)"
        return try identity.withLock {
            try SignedText.sign(text, by: $0, channel: header.channel, sequence: header.sequence, timestamp: header.timestamp)
        }
    }
}
