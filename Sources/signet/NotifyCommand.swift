import ArgumentParser
import Foundation
import Notifiers
import SignetApp
import Trader

/// `signet notify telegram|slack`: post a text and a chart by hand.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Post a text, a chart, or both to a chat by hand, with the settings.yml credentials.",
        subcommands: [Telegram.self, Slack.self])

    /// What to post: shared by both chat apps.
    struct Message: ParsableArguments {
        @Option(help: "The text to send.")
        var text: String?
        @Option(help: ArgumentHelp("Bar file to draw and send as an image (see signet chart).", valueName: "file.csv"))
        var data: String?
        @Option(name: .customLong("chart"), help: .hidden)
        var oldChart: String?
        @OptionGroup var chartOptions: ChartOptions
        @Option(help: "Settings file (default $SIGNET_HOME/settings.yml or ~/.signet/settings.yml).")
        var settings: String?

        func validate() throws {
            if text == nil && data == nil && oldChart == nil {
                throw ValidationError("nothing to send: give --text, --data FILE.csv, or both")
            }
        }

        func loadSettings() throws -> (Settings, String) {
            let path = settings ?? "\(RunDirectory.defaultHome())/settings.yml"
            return (try Settings.load(path: path), path)
        }

        /// The chart PNG, if --data (formerly --chart) was given.
        func image() throws -> [UInt8]? {
            guard let chart = Deprecated.pick(data, old: oldChart, oldName: "--chart FILE.csv", newName: "--data FILE.csv") else {
                return nil
            }
            let (png, summary) = try chartOptions.render(chart)
            Console.note("chart: \(summary)")
            return png
        }
    }

    struct Telegram: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send to the Telegram chat in settings.yml (or --chat).",
            discussion: """
                The text is sent as plain text (escaped for Telegram HTML); long texts are split at line boundaries.
                With --data, the chart is sent as a photo with the text as its caption (a caption over 1024 \
                characters follows as its own message).
                """)

        @OptionGroup var message: Message
        @Option(parsing: .unconditional, help: "Chat id (default: telegram.chat_id from settings.yml); channel ids are negative.")
        var chat: String?
        @Option(help: "Bot API base URL (default: telegram.api_url, else Telegram's).")
        var apiURL: String?

        func run() async throws {
            let (settings, path) = try message.loadSettings()
            guard let telegram = settings.telegram else {
                throw ValidationError("\(path) has no telegram section (token and chat_id); see README.md, settings.yml")
            }
            let client = TelegramClient(token: telegram.token, baseURL: apiURL ?? telegram.apiURL ?? TelegramClient.defaultBaseURL)
            let target = chat ?? telegram.chatID
            let text = message.text.map(TelegramClient.escapeHTML)
            let sent: [TelegramClient.MessageReference]
            if let png = try message.image() {
                sent = try await client.sendPhoto(chatID: target, image: png, filename: "chart.png", caption: text)
            } else {
                sent = try await client.sendMessage(chatID: target, text: text ?? "")
            }
            Console.note(
                "sent \(sent.count) message(s) to chat \(sent.first.map { String($0.chatID) } ?? "?"): "
                    + "\(sent.map { String($0.messageID) }.joined(separator: ", "))")
        }
    }

    struct Slack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send to the Slack channel in settings.yml (or --slack-channel).",
            discussion: "With --data, the chart is uploaded into the channel (files.getUploadURLExternal flow) "
                + "with the text as its comment.")

        @OptionGroup var message: Message
        @Option(help: "Slack channel id (default: slack.channel from settings.yml).")
        var slackChannel: String?
        @Option(name: .customLong("channel"), help: .hidden)
        var oldChannel: String?
        @Option(help: "Web API base URL (default: slack.api_url, else Slack's).")
        var apiURL: String?

        func run() async throws {
            let (settings, path) = try message.loadSettings()
            guard let slack = settings.slack else {
                throw ValidationError("\(path) has no slack section (token and channel); see README.md, settings.yml")
            }
            let client = SlackClient(token: slack.token, baseURL: apiURL ?? slack.apiURL ?? SlackClient.defaultBaseURL)
            let target =
                Deprecated.pick(slackChannel, old: oldChannel, oldName: "--channel (a Slack channel id)", newName: "--slack-channel")
                ?? slack.channel
            if let png = try message.image() {
                let file = try await client.uploadFile(
                    channel: target, bytes: png, filename: "chart.png", title: "chart", comment: message.text)
                Console.note("uploaded file \(file.id) to \(target)")
            } else {
                let ts = try await client.postMessage(channel: target, text: message.text ?? "")
                Console.note("posted message \(ts) to \(target)")
            }
        }
    }
}
