import Notifiers
import SignalPublisher
import SignetCrypto

/// The outputs a publisher's settings.yml configures.
public enum PublishOutputs {
    /// The line outputs: `signals.outputs`, else every chat app present. `keys` and `passphrase`:
    /// where a `telegram-signed` output loads the publisher's identity (its own copy).
    public static func lines(
        _ settings: Settings, wanted: [String], channel: String, keys: KeyDirectory, passphrase: [UInt8]?
    ) throws -> [any SignalOutput] {
        let present = [settings.telegram != nil ? "telegram" : nil, settings.slack != nil ? "slack" : nil].compactMap { $0 }
        let names = wanted.isEmpty ? present : wanted
        guard !names.isEmpty else {
            throw AppError(.usage, "no output: add a telegram or slack section to settings.yml (see README.md, Telegram and Slack)")
        }
        // One client for both Telegram outputs: they are the same bot, held to one rate limit.
        let telegramClient = settings.telegram.map(Clients.telegram)
        return try names.map { name -> any SignalOutput in
            switch name {
            case "telegram", "telegram-signed":
                guard let telegram = settings.telegram, let client = telegramClient else {
                    throw AppError(.usage, "signals.outputs names \(name), but settings.yml has no telegram section")
                }
                if name == "telegram" { return TelegramSignalOutput(client: client, chatID: telegram.chatID) }
                return try SignedTelegramSignalOutput(
                    client: client, chatID: telegram.signedChatID ?? telegram.chatID, channel: channel, keys: keys, passphrase: passphrase)
            default:
                guard let slack = settings.slack else {
                    throw AppError(.usage, "signals.outputs names slack, but settings.yml has no slack section")
                }
                return SlackSignalOutput(client: Clients.slack(slack), channel: slack.channel)
            }
        }
    }

    /// The chart outputs for the sealed line outputs among `names` (a signed channel gets none).
    public static func charts(_ settings: Settings, for names: [String]) -> [any SignalOutput] {
        var outputs: [any SignalOutput] = []
        if names.contains("telegram"), let telegram = settings.telegram {
            // Its own client: a chart upload paced with the lines would hold them back.
            outputs.append(TelegramChartOutput(client: Clients.telegram(telegram), chatID: telegram.chatID))
        }
        if names.contains("slack"), let slack = settings.slack {
            outputs.append(SlackChartOutput(client: Clients.slack(slack), channel: slack.channel))
        }
        return outputs
    }
}
