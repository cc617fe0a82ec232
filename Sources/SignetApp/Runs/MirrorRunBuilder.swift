import Foundation
import Notifiers
import Logging
import ServiceLifecycle
import SignalSubscriber
import SignetCrypto
import Trader

/// Builds and runs a ``MirrorRequest``: the inbox, the receiver and the intake that turn chat
/// messages into signals on a board, the mirror strategy in the subscriber's own live run, the
/// chat sources, receipts and the idle stop.
public enum MirrorRunBuilder {
    public static func run(_ request: MirrorRequest, note: @escaping Note) async throws {
        guard !request.transports.isEmpty else {
            throw AppError(.usage, "say where to read the signals: --via slack or --via telegram (or both)")
        }
        var settings = try Settings.load(path: request.settingsPath ?? "\(request.homePath)/settings.yml")
        if request.transports.contains(.telegram), let telegram = settings.telegram {
            // An @username is resolved before anything is created, so a wrong one leaves nothing behind.
            let client = TelegramClient(token: telegram.token, baseURL: telegram.apiURL ?? TelegramClient.defaultBaseURL, limiter: nil)
            settings.telegram?.chatID = String(try await MirrorSources.telegramChat(telegram.chatID, client: client))
        }
        let policy = settings.mirror ?? Settings.Mirror()
        let session = try await VenueRegistry.connect(
            request.venue, settings: settings, home: request.homePath, symbols: try request.instrumentNames(policy))
        let instruments = try session?.instruments ?? request.paperInstruments(policy)
        let paperCash = try request.paperCash()
        let startingCash = try await session?.startingCash() ?? paperCash

        let directory = try RunDirectory(home: request.homePath, name: request.runName, broker: request.venue.rawValue)
        let inbox = try Inbox(path: "\(directory.path)/inbox.sqlite")
        let wiring = try await MirrorWiring.make(
            request, policy: policy, instruments: instruments, directory: directory, inbox: inbox, note: note)
        var sources: [any Service] = []
        for transport in Set(request.transports).sorted() {
            let source = try await MirrorSources.source(
                transport, settings: settings, inbox: inbox, intake: wiring.intake, catchUp: request.catchUp)
            sources.append(source)
        }
        let transports = Set(request.transports).sorted().map(\.rawValue).joined(separator: " and ")
        note("mirroring '\(request.channel)' of '\(request.publisher)' via \(transports) in \(policy.mode.rawValue) mode"
            + "\(policy.dryRun ? " (dry run)" : "") onto \(instruments.map(\.symbol).joined(separator: ", "))")
        if wiring.resumed > 0 { note("\(wiring.resumed) signal(s) received before a restart but not yet acted on: handed over again") }

        var configuration = LiveRunConfiguration(
            name: request.runName, broker: request.venue.rawValue, home: request.homePath, schedule: .every(milliseconds: 1),
            instruments: instruments, cash: startingCash, paper: .init(feeBasisPoints: request.feeBasisPoints),
            barMilliseconds: SignalPriceFeed.barMilliseconds)
        // The mirror's caps are the gate's too: one check, whatever a signal's price or quantity.
        configuration.risk = (settings.risk ?? RiskLimits()).tightened(by: policy)
        let signalChats = request.transports.contains(.telegram) ? [settings.telegram?.chatID].compactMap { $0 } : []
        let tracking = try request.tracking.apply(to: &configuration, settings: settings, signalChats: signalChats)
        var services: [any Service] = sources + tracking
        let silence = settings.alerts?.silenceSeconds ?? 180
        services.append(LivenessWatch(
            intake: wiring.intake, inbox: inbox, silence: silence > 0 ? .seconds(silence) : nil,
            logger: Self.alertLogger("signet.liveness.\(request.runName)", alerts: configuration.alerts)))
        let poster = try MirrorSources.receiptPoster(request, settings: settings)
        if let poster { services.append(poster) }
        if let idleExit = request.idleExit {
            services.append(IdleExit(
                intake: wiring.intake, feed: wiring.feed, seconds: idleExit, started: wiring.clock(), now: wiring.clock, note: note))
        }
        let intake = wiring.intake
        let observers: LiveLauncher.Observers = { _, _, _ in
            [MirrorSettler(intake: intake)]
                + (poster.map { poster in [ReceiptObserver(instruments: instruments, inbox: inbox) { poster.send($0) }] } ?? [])
        }
        if let session {
            note("marks, sizing and risk checks use \(session.summary)'s own prices; the publisher's only for max_price_deviation")
            try await launch(wiring, configuration: configuration, session: session, services: services, observers: observers, note: note)
        } else {
            note("paper broker: marks are the prices the signals carry (the publisher's), one step after the publisher")
            try await LiveLauncher.run(
                wiring.strategy, feed: wiring.feed, configuration: configuration, shadowStrategy: wiring.shadowStrategy,
                broker: PaperBroker.forLiveRun, services: services, observers: observers, note: note)
        }

        try intake.settle()
        let outcomes = await intake.outcomes
        let mirrored = try CSVJournal.submittedOrders(atPath: directory.ordersPath).filter { $0.tag.hasPrefix("signal:") }.count
        note("signals this session: \(describe(outcomes)); mirrored orders in the journal: \(mirrored)")
        note("inbox: \(describe(try inbox.counts()))")
    }

    /// On a venue's broker (the session's concrete type, opened from the existential).
    static func launch<Session: VenueSession>(
        _ wiring: MirrorWiring, configuration: LiveRunConfiguration, session: Session, services: [any Service],
        observers: @escaping LiveLauncher.Observers, note: @escaping Note
    ) async throws {
        // The signals say when to decide; the venue says at what price.
        let quotes = QuoteBook()
        try await LiveLauncher.run(
            wiring.strategy, feed: OwnPriceFeed(wiring.feed, quotes: quotes), configuration: configuration,
            shadowStrategy: wiring.shadowStrategy, broker: session.makeBroker, services: services + [session.quotes(into: quotes)],
            observers: observers, note: note)
    }

    /// `buy 3, skip 1`: counts by name, or `none`.
    public static func describe(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// A logger to standard error (at `SIGNET_LOG_LEVEL`) and to the run's alert handlers.
    static func alertLogger(_ label: String, alerts: (@Sendable (String) -> any LogHandler)?) -> Logger {
        Logger(label: label) { label in
            var console = StreamLogHandler.standardError(label: label)
            console.logLevel = ProcessInfo.processInfo.environment["SIGNET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return MultiplexLogHandler([console] + (alerts.map { [$0(label)] } ?? []))
        }
    }
}
