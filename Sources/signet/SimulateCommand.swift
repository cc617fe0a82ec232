import APISimulators
import ArgumentParser
import Foundation
import KrakenVenue
import Logging
import SignetApp
import UnixSignals

/// `signet simulate telegram|slack|kraken`: a loopback API server, run by hand.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a loopback API simulator (for trying Signet with no account and no network).",
        subcommands: [Telegram.self, Slack.self, Kraken.self])

    struct Telegram: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A loopback Telegram Bot API on 127.0.0.1.",
            discussion: """
                Methods: getMe, sendMessage, sendPhoto, sendDocument, getUpdates (long polling), getFile and file \
                downloads. Point telegram.api_url (or --api-url) at http://127.0.0.1:PORT. A second bot \
                (--subscriber-token) receives what the first posts in --group chats, where bot-to-bot \
                communication is on; in --chat channels it receives nothing, as on Telegram. Stop with Ctrl+C.
                """)

        @Option(help: "Port to listen on (0: any free port).")
        var port: Int = 8081
        @Option(help: "The bot token the simulator accepts.")
        var token: String = "123456:SIMULATED"
        @Option(
            name: .customLong("chat"), parsing: .unconditionalSingleValue,
            help: "A chat id the simulator knows; repeatable (channel ids are negative).")
        var chats: [Int64] = [-1_001_000_000_001]
        @Option(
            name: .customLong("group"), parsing: .unconditionalSingleValue,
            help: "A supergroup id with bot-to-bot communication on; repeatable.")
        var groups: [Int64] = [-1_002_000_000_002]
        @Option(help: "A second bot's token (a subscriber's bot).")
        var subscriberToken: String = "654321:SIMULATED-SUBSCRIBER"

        func run() async throws {
            let logger = Logger(label: "signet.simulator.telegram")
            let simulator = TelegramSimulator(
                bots: [
                    .init(id: 123_456, username: "signet_sim_bot", token: token),
                    .init(id: 654_321, username: "signet_sim_subscriber_bot", token: subscriberToken),
                ],
                chats: chats.map { .init(id: $0, kind: $0 < 0 ? .channel : .private) }
                    + groups.map { .init(id: $0, kind: .supergroup, botToBot: true) })
            let server = try await simulator.start(port: port, logger: logger)
            Console.outFlushed(
                "Telegram simulator on \(server.baseURL) (token \(token), "
                    + "chats \((chats + groups).map(String.init).joined(separator: ", ")))")
            // Runs until Ctrl+C or SIGTERM.
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { break }
            await server.stop()
            Console.note("simulator stopped")
        }
    }

    struct Slack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A loopback Slack Web API with Socket Mode on 127.0.0.1.",
            discussion: """
                Methods: auth.test, chat.postMessage, conversations.history, files.getUploadURLExternal + upload + \
                files.completeUploadExternal, apps.connections.open (Socket Mode WebSocket with events_api \
                envelopes). Point slack.api_url at http://127.0.0.1:PORT/api. Stop with Ctrl+C.
                """)

        @Option(help: "Port to listen on (0: any free port).")
        var port: Int = 8082
        @Option(name: .customLong("token"), help: "A bot token (xoxb-…) the simulator accepts; repeatable.")
        var tokens: [String] = ["xoxb-simulated-publisher", "xoxb-simulated-subscriber"]
        @Option(name: .customLong("app-token"), help: "An app-level token (xapp-…) for Socket Mode; repeatable.")
        var appTokens: [String] = ["xapp-simulated-subscriber"]
        @Option(name: .customLong("slack-channel"), help: "A Slack channel id; repeatable (default C0SIGNALS).")
        var slackChannels: [String] = []
        @Option(name: .customLong("channel"), help: .hidden)
        var oldChannels: [String] = []

        func run() async throws {
            let logger = Logger(label: "signet.simulator.slack")
            if !oldChannels.isEmpty { Deprecated.note("--channel (a Slack channel id)", renamed: "--slack-channel") }
            let channels = slackChannels + oldChannels + (slackChannels.isEmpty && oldChannels.isEmpty ? ["C0SIGNALS"] : [])
            let bots = tokens.enumerated().map {
                SlackSimulator.Bot(token: $0.element, userID: "U0BOT\($0.offset + 1)", botID: "B0BOT\($0.offset + 1)")
            }
            let simulator = SlackSimulator(bots: bots, appTokens: appTokens, channels: channels)
            let server = try await simulator.start(port: port, logger: logger)
            Console.outFlushed(
                "Slack simulator on \(server.baseURL)/api (tokens \(tokens.joined(separator: ", ")); "
                    + "app tokens \(appTokens.joined(separator: ", ")); channels \(channels.joined(separator: ", ")))")
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { break }
            await server.stop()
            Console.note("simulator stopped")
        }
    }
}
