import APISimulators
import ArgumentParser
import Foundation
import Logging
import UnixSignals

/// `signet simulate telegram`: a loopback API server, run by hand.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a loopback API simulator (for trying Signet with no account and no network).",
        subcommands: [Telegram.self])

    struct Telegram: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A loopback Telegram Bot API on 127.0.0.1 (getMe, sendMessage; Slack and more methods follow).",
            discussion: "Point telegram.api_url (or --api-url) at http://127.0.0.1:PORT. Stop with Ctrl+C.")

        @Option(help: "Port to listen on (0: any free port).")
        var port: Int = 8081
        @Option(help: "The bot token the simulator accepts.")
        var token: String = "123456:SIMULATED"
        @Option(name: .customLong("chat"), parsing: .unconditionalSingleValue, help: "A chat id the simulator knows; repeatable (channel ids are negative).")
        var chats: [Int64] = [-1_001_000_000_001]

        func run() async throws {
            var logger = Logger(label: "signet.simulator.telegram")
            logger.logLevel = .warning
            let simulator = TelegramSimulator(bots: [.init(id: 123_456, username: "signet_sim_bot", token: token)], chats: chats)
            let server = try await simulator.start(port: port, logger: logger)
            Console.outFlushed("Telegram simulator on \(server.baseURL) (token \(token), chats \(chats.map(String.init).joined(separator: ", ")))")
            // Runs until Ctrl+C or SIGTERM.
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { break }
            await server.stop()
            Console.note("simulator stopped")
        }
    }
}
