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
            abstract: "Send a text message to the Telegram chat in settings.yml (or --chat).",
            discussion: "The text is sent as plain text (escaped for Telegram HTML); long texts are split at line boundaries.")

        @Option(help: "The text to send.")
        var text: String
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
            let sent = try await client.sendMessage(chatID: chat ?? telegram.chatID, text: TelegramClient.escapeHTML(text))
            Console.note("sent \(sent.count) message(s) to chat \(sent.first.map { String($0.chatID) } ?? "?"): \(sent.map { String($0.messageID) }.joined(separator: ", "))")
        }
    }
}
