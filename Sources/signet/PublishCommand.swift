import ArgumentParser
import SignetApp

/// `signet publish`: run a strategy live and publish its orders, fills and targets as sealed signals.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Run a strategy live and publish every order, fill and target as a sealed signal to Telegram and Slack.",
        discussion: """
            Needs settings.yml with a signals section (identity, keys, channels, optionally outputs) and the \
            telegram and/or slack sections of the outputs. Every signal is sealed and stored in the run's \
            outbox.sqlite before it is sent, and resent until each output accepted it, across restarts.
            The key directory is signals.keys, or --dir when given.
            """)

    @OptionGroup var options: LiveOptions
    @Option(help: "Channel to publish on (default: the first of signals.channels).")
    var channel: String?
    @Option(name: .long, help: ArgumentHelp("Key directory (default: signals.keys of settings.yml).", valueName: "dir"))
    var dir: String?
    @OptionGroup var passphrase: PassphraseOptions

    func run() async throws {
        let request = PublishRequest(live: options.request, channel: channel, passphrase: try passphrase.passphrase(), keysPath: dir)
        try await PublishRunBuilder.run(request, note: Console.note)
    }
}
