import ArgumentParser
import SignetApp
import Trader
import Transport

/// `signet settings check`: validate settings.yml without starting anything.
struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Work with settings.yml.",
        subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate settings.yml and print what it configures (secrets are never printed).",
            discussion: "Secrets may come from SIGNET_KRAKEN_KEY, SIGNET_KRAKEN_SECRET, SIGNET_TELEGRAM_TOKEN, SIGNET_SLACK_TOKEN, "
                + "SIGNET_SLACK_APP_TOKEN.")

        @Option(help: "Settings file (default $SIGNET_HOME/settings.yml or ~/.signet/settings.yml).")
        var settings: String?

        func run() async throws {
            let path = settings ?? "\(RunDirectory.defaultHome())/settings.yml"
            let loaded = try Settings.load(path: path)
            Console.out("\(path): valid (\(loaded.summary))")
        }
    }
}
