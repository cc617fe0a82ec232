import ArgumentParser
import Foundation
import APISimulators
import KrakenVenue
import Logging
import Notifiers
import SignalPublisher
import SignalSubscriber
import SignetApp
import Trader
import Transport

/// `signet`: publish signed and encrypted trading signals, mirror them, and manage the keys.
@main
struct Signet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signet",
        abstract: "Trading strategies and signed, encrypted trading signals.",
        discussion: """
            Key material lives in a key directory (--dir, default ./keys, or $SIGNET_KEYS).
            Start with 'signet keygen NAME', then share 'signet keys show NAME' with your peers.
            """,
        subcommands: [BacktestCommand.self, LiveCommand.self, PublishCommand.self, MirrorCommand.self, StatusCommand.self, TrackCommand.self, AuditCommand.self, ReceiptsCommand.self, VerifyCommand.self, SettingsCommand.self, NotifyCommand.self, ChartCommand.self, SimulateCommand.self, Keygen.self, Keys.self, ChannelCommand.self, Seal.self, Open.self]
    )

    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["SIGNET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CryptoErrorReport {
            Console.error(error.message)
            Foundation.exit(error.exitCode)
        } catch where Self.speaksForItself(error) {
            // These errors say what went wrong and what to do: printed as they are, without a usage text.
            Console.error("\(error)")
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }

    static func speaksForItself(_ error: any Error) -> Bool {
        error is SimulatorError || error is TelegramError || error is PublisherError || error is SubscriberError || error is SlackError
            || error is ChartError || error is HTTPError || error is TraderError || error is KrakenError
    }
}
