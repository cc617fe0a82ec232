import ArgumentParser
import Foundation
import Logging
import Notifiers
import SignalPublisher
import SignetApp
import SignetCrypto
import Trader

/// `signet publish`: run a strategy live and publish its orders, fills and targets as sealed signals.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Run a strategy live and publish every order, fill and target as a sealed signal to Telegram and Slack.",
        discussion: """
            Needs settings.yml with a signals section (identity, keys, channels, optionally outputs) and the \
            telegram and/or slack sections of the outputs. Every signal is sealed and stored in the run's \
            outbox.sqlite before it is sent, and resent until each output accepted it, across restarts.
            """)

    @OptionGroup var options: LiveOptions
    @Option(help: "Channel to publish on (default: the first of signals.channels).")
    var channel: String?
    @OptionGroup var passphrase: PassphraseOptions

    func run() async throws {
        let settings = try options.loadSettings()
        guard let signals = settings.signals else {
            throw ValidationError("settings.yml has no signals section (identity, keys, channels); see README.md, Publishing signals")
        }
        guard let channel = channel ?? signals.channels.first else { throw ValidationError("signals.channels is empty: name the channel to publish on") }
        let keys = KeyDirectory(path: signals.keys)
        let phrase = try passphrase.passphrase()
        // Checked now, before the run starts: the identity opens and the channel is ours.
        let identity = try reporting { try keys.publisherIdentity(of: channel, passphrase: { phrase }) }
        let key = try reporting { try keys.channelKey(channel) }
        guard identity.name == signals.identity else {
            throw ValidationError("channel '\(channel)' belongs to identity '\(identity.name)', not signals.identity '\(signals.identity)'")
        }
        let floor = try reporting { try keys.channelState(channel).nextSequence } - 1

        let lineOutputs = try Self.outputs(settings, wanted: signals.outputs, channel: channel, keys: keys, passphrase: phrase)
        // Sealed charts go to the chats that carry sealed lines, each through an output of its own.
        let chartOutputs = signals.charts ? Self.chartOutputs(settings, for: lineOutputs.map(\.name)) : []
        let outputs = lineOutputs + chartOutputs
        let directory = try options.runDirectory()
        let outbox = try Outbox(path: "\(directory.path)/outbox.sqlite")
        try keys.advanceSequence(channel, past: try outbox.sequences(channel: channel).last ?? 0)
        let sender = OutboxSender(outbox: outbox, outputs: outputs, epoch: Int64(Date().timeIntervalSince1970 * 1000))
        let names = lineOutputs.map(\.name), chartNames = chartOutputs.map(\.name)
        Console.note("publishing on '\(channel)' to \(names.joined(separator: " and ")); outbox: \(directory.path)/outbox.sqlite")
        for name in names + chartNames where try outbox.pendingCount(output: name) > 0 {
            Console.note("\(name): \(try outbox.pendingCount(output: name)) signal(s) from an earlier session still to send")
        }

        let source = options.name ?? options.market.strategy
        let keysPath = signals.keys
        let charts = signals.charts, chartInterval = signals.chartInterval, freq = options.freq, checkpointEvery = signals.checkpointEvery
        try await options.launch(settingsChecked: true, services: [sender]) { run, journal, logger in
            // The identity is loaded again here, on the run's own thread, which owns it from now on.
            let directory = KeyDirectory(path: keysPath)
            let identity = try directory.publisherIdentity(of: channel, passphrase: { phrase })
            let keyring = try ChannelKeyring(directory: directory, channel: channel, identity: identity)
            let recorder = SignalRecorder(
                configuration: .init(
                    source: source, channel: channel, instruments: run.instruments, accountCurrency: run.accountCurrency, outputs: names, floor: floor,
                    chart: charts ? ChartRenderer() : nil, chartInterval: chartInterval, timeframe: freq, chartOutputs: chartNames),
                outbox: outbox, keyring: keyring, wake: { sender.notify() }, logger: logger)
            if checkpointEvery > 0 {
                recorder.trackRecord = try TrackRecorder(
                    ordersPath: journal.ordersPath, pnlPath: journal.positionsPath, statePath: "\(journal.path)/track_record.json", everySteps: Int(checkpointEvery))
            }
            try recorder.recover(ordersPath: journal.ordersPath)
            return [recorder]
        }
        _ = key
        let last = try outbox.sequences(channel: channel).last ?? 0
        try keys.advanceSequence(channel, past: last)
        for name in names + chartNames {
            let pending = try outbox.pendingCount(output: name)
            Console.note("\(name): \(sender.deliveredCount(name)) signal(s) delivered this session\(pending > 0 ? ", \(pending) still pending (sent at the next start)" : "")")
        }
    }

    /// The outputs settings.yml configures (`signals.outputs`, else every chat app present).
    /// The chart outputs for the sealed line outputs among `names` (a signed channel gets none).
    static func chartOutputs(_ settings: Settings, for names: [String]) -> [any SignalOutput] {
        var outputs: [any SignalOutput] = []
        if names.contains("telegram"), let telegram = settings.telegram {
            // Its own client: a chart upload paced with the lines would hold them back.
            let client = TelegramClient(token: telegram.token, baseURL: telegram.apiURL ?? TelegramClient.defaultBaseURL, limiter: telegram.pacing ? .telegram() : nil)
            outputs.append(TelegramChartOutput(client: client, chatID: telegram.chatID))
        }
        if names.contains("slack"), let slack = settings.slack {
            let client = SlackClient(token: slack.token, baseURL: slack.apiURL ?? SlackClient.defaultBaseURL, limiter: slack.pacing ? .slack() : nil)
            outputs.append(SlackChartOutput(client: client, channel: slack.channel))
        }
        return outputs
    }

    /// - Parameters: keys, passphrase: where a `telegram-signed` output loads the publisher's identity (its own copy).
    static func outputs(_ settings: Settings, wanted: [String], channel: String, keys: KeyDirectory, passphrase: [UInt8]?) throws -> [any SignalOutput] {
        let names = wanted.isEmpty ? [settings.telegram != nil ? "telegram" : nil, settings.slack != nil ? "slack" : nil].compactMap { $0 } : wanted
        guard !names.isEmpty else {
            throw ValidationError("no output: add a telegram or slack section to settings.yml (see README.md, Telegram and Slack)")
        }
        // One client for both Telegram outputs: they are the same bot, held to one rate limit.
        let telegramClient = settings.telegram.map {
            TelegramClient(token: $0.token, baseURL: $0.apiURL ?? TelegramClient.defaultBaseURL, limiter: $0.pacing ? .telegram() : nil)
        }
        return try names.map { name -> any SignalOutput in
            switch name {
            case "telegram", "telegram-signed":
                guard let telegram = settings.telegram, let client = telegramClient else {
                    throw ValidationError("signals.outputs names \(name), but settings.yml has no telegram section")
                }
                if name == "telegram" { return TelegramSignalOutput(client: client, chatID: telegram.chatID) }
                return try reporting {
                    try SignedTelegramSignalOutput(client: client, chatID: telegram.signedChatID ?? telegram.chatID, channel: channel, keys: keys, passphrase: passphrase)
                }
            default:
                guard let slack = settings.slack else { throw ValidationError("signals.outputs names slack, but settings.yml has no slack section") }
                let client = SlackClient(token: slack.token, baseURL: slack.apiURL ?? SlackClient.defaultBaseURL, limiter: slack.pacing ? .slack() : nil)
                return SlackSignalOutput(client: client, channel: slack.channel)
            }
        }
    }
}
