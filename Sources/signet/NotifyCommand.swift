import ArgumentParser
import Foundation
import Notifiers
import Trader

/// `signet notify telegram`: post a message by hand.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Post to a chat by hand, with the settings.yml credentials.",
        subcommands: [Telegram.self])

    struct Telegram: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a text message, a chart, or both to the Telegram chat in settings.yml (or --chat).",
            discussion: """
                The text is sent as plain text (escaped for Telegram HTML); long texts are split at line boundaries.
                With --chart, the chart is sent as a photo with the text as its caption (a caption over 1024 \
                characters follows as its own message).
                """)

        @Option(help: "The text to send.")
        var text: String?
        @Option(help: ArgumentHelp("Bar file to draw and send as a photo (see signet chart).", valueName: "file.csv"))
        var chart: String?
        @OptionGroup var chartOptions: ChartOptions
        @Option(parsing: .unconditional, help: "Chat id (default: telegram.chat_id from settings.yml); channel ids are negative.")
        var chat: String?
        @Option(help: "Bot API base URL (default: telegram.api_url, else Telegram's).")
        var apiURL: String?
        @Option(help: "Settings file (default $SIGNET_HOME/settings.yml or ~/.signet/settings.yml).")
        var settings: String?

        func run() async throws {
            let path = settings ?? "\(RunDirectory.defaultHome())/settings.yml"
            guard let telegram = try Settings.load(path: path).telegram else {
                throw ValidationError("\(path) has no telegram section (token and chat_id); see README.md, settings.yml")
            }
            let client = TelegramClient(token: telegram.token, baseURL: apiURL ?? telegram.apiURL ?? TelegramClient.defaultBaseURL)
            let target = chat ?? telegram.chatID
            let caption = text.map(TelegramClient.escapeHTML)
            let sent: [TelegramClient.MessageReference]
            if let chart {
                let (png, summary) = try chartOptions.render(chart)
                sent = try await client.sendPhoto(chatID: target, image: png, filename: "chart.png", caption: caption)
                Console.note("chart: \(summary)")
            } else if let caption {
                sent = try await client.sendMessage(chatID: target, text: caption)
            } else {
                throw ValidationError("nothing to send: give --text, --chart FILE.csv, or both")
            }
            Console.note("sent \(sent.count) message(s) to chat \(sent.first.map { String($0.chatID) } ?? "?"): \(sent.map { String($0.messageID) }.joined(separator: ", "))")
        }
    }
}
