import ArgumentParser
import Foundation
import Logging
import SignetCrypto

/// `signet`: publish signed and encrypted trading signals, mirror them, and manage the keys.
@main
struct Signet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signet",
        abstract: "Trading strategies and signed, encrypted trading signals.",
        discussion: """
            Key material lives in a key directory (--dir, default ./keys, or $SIGNET_KEYS).
            Start with 'signet keygen NAME', then share 'signet keys show NAME' with your peers.
            Logging: SIGNET_LOG_LEVEL=trace|debug|info|notice|warning|error|critical (default warning).
            \(ExitStatus.help)
            """,
        groupedSubcommands: [
            CommandGroup(name: "Keys and channels", subcommands: [Keygen.self, Keys.self, ChannelCommand.self, Seal.self, Open.self]),
            CommandGroup(
                name: "Trading",
                subcommands: [
                    BacktestCommand.self, LiveCommand.self, StatusCommand.self, TrackCommand.self, RiskCommand.self, SettingsCommand.self,
                ]),
            CommandGroup(
                name: "Signals",
                subcommands: [PublishCommand.self, MirrorCommand.self, VerifyCommand.self, AuditCommand.self, ReceiptsCommand.self]),
            CommandGroup(name: "Tools", subcommands: [NotifyCommand.self, ChartCommand.self, SimulateCommand.self]),
        ])

    static func main() async {
        let level = ProcessInfo.processInfo.environment["SIGNET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
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
        } catch {
            guard let status = ExitStatus.of(error) else { exit(withError: error) }
            // These errors say what went wrong and what to do: printed as they are, without a usage text.
            Console.error(Self.message(error))
            Foundation.exit(status.rawValue)
        }
    }

    /// An error's text: a crypto error with its code, as `open` prints it.
    static func message(_ error: any Error) -> String {
        if let error = error as? CryptoError { return "\(error.message) [\(error.code.rawValue)]" }
        return "\(error)"
    }
}
