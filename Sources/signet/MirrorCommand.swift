import ArgumentParser
import Foundation
import KrakenVenue
import Logging
import Notifiers
import ServiceLifecycle
import SignalSubscriber
import SignetApp
import SignetCrypto
import Trader

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
    @Option(help: "Where to read the signals: slack or telegram; give both to read both (each signal is acted on once, whichever arrives first).")
    var via: [String]
    @Option(help: "Broker: paper, or kraken (exchange_apis.Kraken in settings.yml; instruments and cash then come from the Kraken account).")
    var broker: String = "paper"
    @Option(help: "Run name (journal folder; default: mirror-CHANNEL).")
    var name: String?
    @Option(name: .customLong("symbol"), help: ArgumentHelp("An instrument of your broker to mirror onto, BASE/QUOTE, repeatable (default: the targets of mirror.symbol_map).", valueName: "symbol"))
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
    @Option(help: "Post a signed receipt of every mirrored fill to this Slack channel id (one the publisher reads: signet receipts), with the bot of the slack section.")
    var receipts: String?
    @Option(help: "The identity in --dir that signs the receipts (the one the publisher granted).")
    var receiptsAs: String?

    func run() async throws {
        guard broker == "paper" || broker == "kraken" else { throw ValidationError("unknown broker '\(broker)': use paper or kraken") }
        guard !via.isEmpty else { throw ValidationError("say where to read the signals: --via slack or --via telegram (or both)") }
        for transport in via where transport != "slack" && transport != "telegram" {
            throw ValidationError("--via \(transport): read signals from slack or telegram")
        }
        let homePath = home ?? RunDirectory.defaultHome()
        let settingsPath = settings ?? "\(homePath)/settings.yml"
        let loaded = try Settings.load(path: settingsPath)
        let policy = loaded.mirror ?? Settings.Mirror()
        let kraken = broker == "kraken" ? try await KrakenAccess.open(settings: loaded, home: homePath, symbols: try instrumentNames(policy)) : nil
        let instruments = try kraken?.instruments ?? self.instruments(policy)
        guard let typedCash = Money(cash), typedCash.raw > 0 else { throw ValidationError("--cash \(cash) is not a positive amount") }
        let startingCash = try await kraken?.quoteCash() ?? typedCash

        let runName = name ?? "mirror-\(channel)"
        let directory = try RunDirectory(home: homePath, name: runName, broker: broker)
        let inbox = try Inbox(path: "\(directory.path)/inbox.sqlite")
        let journaledTags = try CSVJournal.tags(ordersPath: directory.ordersPath)
        let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
        let feed = SignalPriceFeed(after: try JournalState.saved(directory)?.lastBarTime ?? 0)
        let board = MirrorBoard()
        let receiver = try reporting {
            SignalReceiver(opener: try keys.directory.makeOpener(publisher: publisher, channel: channel, replayStore: MemoryReplayStore()), inbox: inbox)
        }
        let keyDirectory = keys.directory, phrase = try passphrase.passphrase(), alias = self.publisher
        let intake = MirrorIntake(
            receiver: receiver, board: board, inbox: inbox, policy: policy, instruments: instruments.map(\.symbol), feed: feed, clock: wallClock,
            acceptGrant: { text in
                // A grant published on the channel after a revocation: only the one addressed to us is accepted.
                let grant = try Grant(text: text)
                guard keyDirectory.identityName(for: grant.subscriber) != nil else { return nil }
                let (subscription, _) = try keyDirectory.accept(grant, from: alias, passphrase: { phrase }, at: UInt64(wallClock()))
                Console.note("accepted the grant of '\(subscription.channel)' epoch \(subscription.epoch) published on the channel")
                return try keyDirectory.subscriptionKey(subscription)
            })
        let resumed = try await intake.resume()
        let sources = try Set(via).sorted().map { try self.source($0, loaded, inbox: inbox, intake: intake) }
        Console.note(
            "mirroring '\(channel)' of '\(publisher)' via \(Set(via).sorted().joined(separator: " and ")) in \(policy.mode.rawValue) mode\(policy.dryRun ? " (dry run)" : "") onto \(instruments.map(\.symbol).joined(separator: ", "))")
        if resumed > 0 { Console.note("\(resumed) signal(s) received before a restart but not yet acted on: handed over again") }

        let strategy = MirrorStrategy(board: board, policy: policy, journaledTags: journaledTags, pacedBySignals: true, now: wallClock)
        // The shadow mirrors the same signals, as the live mirror takes them, on a paper broker.
        let shadowStrategy = tracking.shadow ? MirrorStrategy(board: board.shadowBoard(), policy: policy, journaledTags: journaledTags, pacedBySignals: true, now: wallClock) : nil
        var configuration = LiveRunConfiguration(
            name: runName, broker: broker, home: homePath, schedule: .every(milliseconds: 1), instruments: instruments, cash: startingCash,
            paper: .init(feeBasisPoints: feeBps), barMilliseconds: SignalPriceFeed.barMilliseconds)
        var services: [any Service] = sources + (try tracking.apply(to: &configuration, settings: loaded))
        let poster = try receiptPoster(loaded, phrase: phrase)
        if let poster { services.append(poster) }
        let receiptInstruments = instruments
        if let idleExit {
            services.append(IdleExit(intake: intake, feed: feed, seconds: idleExit, started: wallClock(), now: wallClock))
        }
        if let kraken {
            try await LiveOptions.runCore(
                strategy, feed: feed, configuration: configuration, shadowStrategy: shadowStrategy, broker: kraken.makeBroker, services: services
            ) { _, _, _ in [MirrorSettler(intake: intake)] + (poster.map { poster in [ReceiptObserver(instruments: receiptInstruments, inbox: inbox) { poster.send($0) }] } ?? []) }
        } else {
            try await LiveOptions.runCore(
                strategy, feed: feed, configuration: configuration, shadowStrategy: shadowStrategy, broker: PaperBroker.forLiveRun, services: services
            ) { _, _, _ in [MirrorSettler(intake: intake)] + (poster.map { poster in [ReceiptObserver(instruments: receiptInstruments, inbox: inbox) { poster.send($0) }] } ?? []) }
        }

        try intake.settle()
        let outcomes = await intake.outcomes
        let mirrored = try CSVJournal.submittedOrders(atPath: directory.ordersPath).filter { $0.tag.hasPrefix("signal:") }.count
        Console.note("signals this session: \(Self.describe(outcomes)); mirrored orders in the journal: \(mirrored)")
        Console.note("inbox: \(Self.describe(try inbox.counts()))")
    }

    /// The receipt poster `--receipts` asks for, checked before anything starts.
    func receiptPoster(_ settings: Settings, phrase: [UInt8]?) throws -> ReceiptPoster? {
        guard let receipts else { return nil }
        guard let slack = settings.slack else { throw ValidationError("--receipts posts with the bot of the slack section of settings.yml (token); add it") }
        guard let name = receiptsAs else { throw ValidationError("--receipts needs --receipts-as NAME: the identity in --dir that signs them") }
        let directory = keys.directory
        _ = try reporting { try directory.publicIdentity(name) }
        let client = SlackClient(token: slack.token, baseURL: slack.apiURL ?? SlackClient.defaultBaseURL, limiter: slack.pacing ? .slack() : nil)
        return ReceiptPoster(slack: client, channel: receipts) { try directory.loadIdentity(name, passphrase: { phrase }) }
    }

    /// The names of the instruments to mirror onto: `--symbol`, else the targets of `mirror.symbol_map`.
    func instrumentNames(_ policy: Settings.Mirror) throws -> [String] {
        let names = symbols.isEmpty ? Array(Set(policy.symbolMap.values)).sorted() : symbols
        guard !names.isEmpty else {
            throw ValidationError("name the instruments to mirror onto with --symbol BASE/QUOTE (repeatable), or give mirror.symbol_map in settings.yml")
        }
        return names
    }

    /// The instruments to mirror onto, on the paper broker.
    func instruments(_ policy: Settings.Mirror) throws -> [Instrument] {
        let names = try instrumentNames(policy)
        guard let lotSize = Quantity(lot), lotSize.raw > 0 else { throw ValidationError("--lot \(lot) is not a positive decimal") }
        guard let tickSize = Price(tick), tickSize.raw > 0 else { throw ValidationError("--tick \(tick) is not a positive decimal") }
        return try names.map { try Instrument(symbol: $0, tickSize: tickSize, lotSize: lotSize) }
    }

    /// The chat the signals are read from.
    func source(_ transport: String, _ settings: Settings, inbox: Inbox, intake: MirrorIntake) throws -> any Service {
        if transport == "slack" {
            guard let slack = settings.slack else { throw ValidationError("--via slack needs a slack section in settings.yml (token, app_token, channel)") }
            guard let appToken = slack.appToken else {
                throw ValidationError("slack.app_token is missing: reading a channel live needs Socket Mode (an xapp- token with connections:write)")
            }
            let base = slack.apiURL ?? SlackClient.defaultBaseURL
            let socket = SlackSocketMode(app: SlackClient(token: appToken, baseURL: base, limiter: nil))
            let feed = SlackChannelFeed(web: SlackClient(token: slack.token, baseURL: base, limiter: slack.pacing ? .slack() : nil), socket: socket, channel: slack.channel)
            let source = SlackSignalSource(feed: feed, channel: slack.channel, inbox: inbox) { try await intake.handle($0, transport: "slack") }
            try source.begin(at: catchUp ? "0" : SlackSignalSource.ts(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
            return source
        }
        guard let telegram = settings.telegram else { throw ValidationError("--via telegram needs a telegram section in settings.yml (token, chat_id)") }
        let client = TelegramClient(token: telegram.token, baseURL: telegram.apiURL ?? TelegramClient.defaultBaseURL, limiter: nil)
        return TelegramSignalSource(client: client, chatID: Int64(telegram.chatID), inbox: inbox) { try await intake.handle($0, transport: "telegram") }
    }

    static func describe(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// Ends the subscriber's market data, and so the run, once no signal has arrived for a while.
struct IdleExit: Service {
    let intake: MirrorIntake
    let feed: SignalPriceFeed
    let seconds: Double
    let started: Int64
    let now: @Sendable () -> Int64

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let last = await intake.lastSignalAt ?? started
            if Double(now() - last) >= seconds * 1000 {
                Console.note("no signal for \(seconds) s: stopping")
                feed.finish()
                // Returning would cancel the group; the run ends by itself once the feed is drained.
                try? await gracefulShutdown()
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
