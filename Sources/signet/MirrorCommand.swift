import ArgumentParser
import SignetApp

/// `signet mirror`: read a publisher's signals and mirror its trades on the own broker.
struct MirrorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirror",
        abstract: "Read a publisher's signals from Slack or Telegram, verify and decrypt them, and mirror the trades on your own broker.",
        discussion: """
            Needs an accepted grant for the channel (signet channel accept) and, in settings.yml, the slack \
            (token, app_token, channel) or telegram (token, chat_id) section to read from, and optionally a \
            mirror section (mode target|orders, multiplier, symbol_map, allow, deny, max_position, \
            max_notional, reverse, max_signal_age, max_price_deviation, dry_run).
            The run is journaled like a strategy's in $SIGNET_HOME/alphas/NAME/live_trading/BROKER/, each \
            mirrored order tagged with its signal, and every signal is kept in inbox.sqlite there: a restart, \
            even after kill -9, never places a mirrored order twice and never drops one.
            On the paper broker, the marks come from the prices the signals carry.
            """)

    @Option(name: .customLong("from"), help: "The publisher's alias in your trust store (given with signet keys import FILE --as ALIAS).")
    var publisher: String
    @Option(help: "The channel to mirror.")
    var channel: String
    @Option(
        help: """
            Where to read the signals: slack or telegram; give both to read both (each signal is acted on once, whichever \
            arrives first).
            """,
        transform: MirrorRequest.Transport.parse)
    var via: [MirrorRequest.Transport] = []
    @Option(
        help: ArgumentHelp(
            "Broker: \(VenueName.list) (a venue's section in settings.yml; instruments and cash then come from the account).",
            valueName: "venue"),
        transform: VenueName.parse)
    var broker: VenueName = .paper
    @Option(help: "Run name (journal folder; default: mirror-CHANNEL).")
    var name: String?
    @Option(
        name: .customLong("symbol"),
        help: ArgumentHelp(
            "An instrument of your broker to mirror onto, BASE/QUOTE, repeatable (default: the targets of mirror.symbol_map).",
            valueName: "symbol"))
    var symbols: [String] = []
    @Option(help: "Starting cash in the quote currency (first session; later sessions resume from the journal).")
    var cash: String = "10000"
    @Option(help: "Fee per fill, basis points of notional.")
    var feeBps: Int64 = 0
    @Option(help: "Lot size (smallest quantity step) for every instrument.")
    var lot: String = "0.0001"
    @Option(help: "Tick size for every instrument.")
    var tick: String = "0.01"
    @Option(help: "Stop cleanly once no signal has arrived for this many seconds (default: run until Ctrl+C or SIGTERM).")
    var idleExit: Double?
    @Flag(help: "On the first run, read the Slack channel's whole history instead of only what is posted from now on.")
    var catchUp = false
    @Option(help: "Journal home (default $SIGNET_HOME or ~/.signet).")
    var home: String?
    @Option(help: "Settings file (default HOME/settings.yml).")
    var settings: String?
    @OptionGroup var keys: KeyOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var tracking: TrackingOptions
    @Option(
        help: """
            Post a signed receipt of every mirrored fill to this Slack channel id (one the publisher reads: signet receipts), \
            with the bot of the slack section.
            """)
    var receipts: String?
    @Option(help: "The identity in --dir that signs the receipts (the one the publisher granted).")
    var receiptsAs: String?

    func run() async throws {
        let request = MirrorRequest(
            publisher: publisher, channel: channel, transports: via, venue: broker, name: name, symbols: symbols, cash: cash,
            feeBasisPoints: feeBps, lot: lot, tick: tick, idleExit: idleExit, catchUp: catchUp, home: home, settingsPath: settings,
            keysPath: keys.dir, passphrase: try passphrase.passphrase(), tracking: tracking.spec, receipts: receipts,
            receiptsAs: receiptsAs)
        try await MirrorRunBuilder.run(request, note: Console.note)
    }
}
