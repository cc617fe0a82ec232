import Foundation
import Logging
import ServiceLifecycle

/// What a live run needs besides its strategy and feed.
public struct LiveRunConfiguration: Sendable {
    /// The run's name: its journal folder, kept across sessions.
    public var name: String
    /// The broker's name in the journal path (`paper`).
    public var broker: String
    /// `$SIGNET_HOME` or `~/.signet`.
    public var home: String
    public var schedule: RebalanceSchedule
    public var instruments: [Instrument]
    public var accountCurrency: String
    /// Cash of the first session; later sessions resume from the journal.
    public var cash: Money
    public var paper: PaperBroker.Configuration
    /// Length of the feed's bars, Unix ms (a bar completes at its start plus this).
    public var barMilliseconds: Int64
    /// Level of records copied to standard error (everything goes to the log file and table).
    public var consoleLevel: Logger.Level
    /// Runs a shadow simulation beside the live run and records how they compare (nil: none).
    public var shadow: ShadowConfiguration?
    /// Where warnings and worse also go (a Telegram log handler), besides the log and the console.
    public var alerts: (@Sendable (String) -> any LogHandler)?
    /// The owner's risk limits, applied to every order of the run (and of its shadow).
    public var risk = RiskLimits()

    public init(
        name: String, broker: String = "paper", home: String = RunDirectory.defaultHome(), schedule: RebalanceSchedule,
        instruments: [Instrument], accountCurrency: String? = nil, cash: Money, paper: PaperBroker.Configuration = .init(),
        barMilliseconds: Int64, consoleLevel: Logger.Level = .notice
    ) {
        self.name = name
        self.broker = broker
        self.home = home
        self.schedule = schedule
        self.instruments = instruments
        self.accountCurrency = accountCurrency ?? instruments.first?.quote ?? "USD"
        self.cash = cash
        self.paper = paper
        self.barMilliseconds = barMilliseconds
        self.consoleLevel = consoleLevel
    }
}

/// A strategy trading live (paper broker for now), as a `Service`: it ends when the feed ends or
/// on graceful shutdown (SIGINT/SIGTERM), and in both cases calls `onExit` exactly once and leaves
/// the journal complete. A restart with the same name resumes positions, cash and order numbers.
public struct LiveRun<S: Strategy & Sendable, Feed: AsyncSequence & Sendable, B: LiveBroker>: Service where Feed.Element == Bar {
    public let strategy: S
    public let feed: Feed
    public let configuration: LiveRunConfiguration
    /// Makes the run's broker once its journal is open (paper, or a venue's).
    public let makeBroker: @Sendable (LiveRunConfiguration, Logger) throws -> B
    /// Called with the run's journal directory once it is open (for the CLI to print it).
    public let onOpen: @Sendable (RunDirectory) -> Void
    /// Makes the run's extra observers (a signal publisher, a tracker) once its journal is open.
    public let observers: @Sendable (RunDirectory, Logger) throws -> [any KernelObserver]
    /// The shadow's strategy, when it cannot be a copy of `strategy` (a mirror's reads its own board).
    public var shadowStrategy: S?

    public init(
        strategy: S, feed: Feed, configuration: LiveRunConfiguration,
        broker makeBroker: @escaping @Sendable (LiveRunConfiguration, Logger) throws -> B,
        observers: @escaping @Sendable (RunDirectory, Logger) throws -> [any KernelObserver] = { _, _ in [] },
        onOpen: @escaping @Sendable (RunDirectory) -> Void = { _ in }
    ) {
        self.strategy = strategy
        self.feed = feed
        self.configuration = configuration
        self.makeBroker = makeBroker
        self.observers = observers
        self.onOpen = onOpen
    }

    public func run() async throws {
        let config = configuration
        let directory = try RunDirectory(home: config.home, name: config.name, broker: config.broker)
        let started = Int64(Date().timeIntervalSince1970 * 1000)
        let log = try RunLog(textPath: directory.sessionLogPath(startingAt: started), databasePath: directory.databasePath)
        defer { log.close() }
        let consoleLevel = config.consoleLevel
        let logger = Logger(label: "signet.live.\(config.name)") { label in
            var console = StreamLogHandler.standardError(label: label)
            console.logLevel = consoleLevel
            return MultiplexLogHandler([log.handler(label: label, level: .info), console] + (config.alerts.map { [$0(label)] } ?? []))
        }
        onOpen(directory)

        let runTag = "live"
        var state = try JournalState.load(
            directory, instruments: config.instruments, accountCurrency: config.accountCurrency, runTag: runTag)
        let broker = try makeBroker(config, logger)
        var portfolio = Portfolio(accountCurrency: config.accountCurrency, cash: config.cash, instruments: config.instruments.count)
        if let cash = state.cash { portfolio.restore(cash: cash, positions: state.positions) }
        let journal = try CSVJournal(directory: directory.path, instruments: config.instruments, synced: true)
        for fill in state.unbookedFills {
            // A crash fell between a fill's row and its position row: book it now and complete the journal.
            portfolio.apply(fill, quote: config.instruments[fill.instrument].quote)
            var marks = (0..<config.instruments.count).map { state.marks[$0] ?? .zero }
            marks[fill.instrument] = fill.price
            state.marks[fill.instrument] = fill.price
            journal.recordPosition(after: fill, portfolio: portfolio, marks: marks)
            logger.notice("booked a fill the last session journaled but did not book", metadata: ["order": "\(fill.orderID)"])
        }
        if state.cash != nil || !state.unbookedFills.isEmpty {
            logger.notice("resumed run from its journal", metadata: [
                "cash": "\(portfolio.accountCash)", "positions": "\(state.positions.filter { !$0.quantity.isZero }.count)",
                "next_order": "\(state.nextOrderNumber)",
            ])
        }
        let context = StrategyContext(
            simulation: false, instruments: config.instruments, portfolio: portfolio, logger: logger, runTag: runTag,
            firstOrderNumber: state.nextOrderNumber, database: log.database)
        for order in state.workingOrders { context.noteWorking(order) }
        if !state.workingOrders.isEmpty {
            logger.notice(
                "restored working orders from the journal", metadata: ["orders": "\(state.workingOrders.map(\.id).joined(separator: " "))"])
        }
        let kernel = Kernel(strategy: strategy, broker: broker, context: context)
        kernel.riskGate = Self.riskGate(config, directory: directory, logger: logger)
        kernel.observe(journal)
        let extra = try observers(directory, logger)
        for observer in extra { kernel.observe(observer) }
        let shadow = try config.shadow.map {
            try Shadow(
                strategy: shadowStrategy ?? strategy, configuration: $0, instruments: config.instruments,
                accountCurrency: config.accountCurrency, portfolio: portfolio, workingOrders: state.workingOrders,
                firstOrderNumber: state.nextOrderNumber, runTag: runTag, database: log.database, logger: logger, live: kernel)
        }
        // The shadow trades under the same limits (and the same stopout), so the two keep agreeing.
        if let gate = kernel.riskGate {
            shadow?.kernel.riskGate = RiskGate(limits: gate.limits, instruments: config.instruments, stopout: gate.stopout)
        }
        try await broker.start(resuming: state, portfolio: portfolio, logger: logger)
        var clock = RebalanceClock(schedule: config.schedule)
        logger.notice("live run started", metadata: [
            "name": "\(config.name)", "broker": "\(config.broker)", "freq": "\(config.schedule)", "journal": "\(directory.path)",
        ])
        kernel.start(at: started)
        shadow?.kernel.start(at: started)
        kernel.poll()  // what the broker's start-up reconciliation found

        var failure: (any Error)?
        do {
            for try await bar in feed.cancelOnGracefulShutdown() {
                if let last = state.lastBarTime, bar.time <= last { continue }  // already processed by an earlier session
                kernel.update(bar)
                shadow?.kernel.update(bar)
                let completed = bar.time + config.barMilliseconds
                if let due = clock.add(bar, completedAt: completed) {
                    // A decision already journaled before a crash is not taken twice.
                    if let decided = state.lastDecisionTime, completed <= decided {
                        logger.info("decision at \(Timestamp.format(completed)) was already taken before a restart; not repeated")
                    } else {
                        for aggregated in due {
                            kernel.decide(aggregated, at: completed)
                            shadow?.kernel.decide(aggregated, at: completed)
                        }
                        // A venue answers asynchronously: the step journals what its orders caused.
                        await broker.settle(upTo: .seconds(30))
                        kernel.poll()
                        kernel.completeDecision(at: completed)
                    }
                }
                kernel.completeStep(after: bar)
                try shadow?.compare(time: bar.time, live: context)
                state.lastBarTime = bar.time
                state.nextOrderNumber = context.nextOrderNumber
                try state.save(directory)
                if let error = journal.failure ?? log.failure.withLock({ $0 }) { throw error }
                if let error = extra.lazy.compactMap(\.observerFailure).first { throw error }
                if let error = broker.failure { throw error }
            }
        } catch {
            failure = error
            logger.critical("live run stopping on an error: \(error)")
        }
        let reason = failure != nil ? "error" : (Task.isShuttingDownGracefully ? "shutdown signal" : "feed ended")
        let exitTime = state.lastBarTime.map { $0 + config.barMilliseconds } ?? started
        kernel.exit(at: exitTime)
        shadow?.kernel.exit(at: exitTime)
        await broker.settle(upTo: .seconds(30))
        kernel.poll()
        kernel.completeStep(after: nil)
        if let shadow {
            do {
                try shadow.compare(time: exitTime, live: context, final: true)
            } catch {
                logger.error("could not record the last shadow comparisons: \(error)")
            }
            logger.notice(
                "shadow simulation",
                metadata: ["divergent_steps": "\(shadow.divergences)", "shadow_equity": "\(shadow.kernel.context.equity)"])
        }
        state.nextOrderNumber = context.nextOrderNumber
        try state.save(directory)
        try journal.flush()
        await broker.stop()
        logger.notice("onExit called; journal flushed", metadata: [
            "reason": "\(reason)", "equity": "\(context.equity)", "orders_next": "\(context.nextOrderNumber)",
        ])
        if let failure { throw failure }
    }
}

extension LiveRun where B == PaperBroker {
    /// A paper-traded live run: the embedded simulated broker with the configuration's cash, fees and slippage.
    public init(
        strategy: S, feed: Feed, configuration: LiveRunConfiguration,
        observers: @escaping @Sendable (RunDirectory, Logger) throws -> [any KernelObserver] = { _, _ in [] },
        onOpen: @escaping @Sendable (RunDirectory) -> Void = { _ in }
    ) {
        self.init(
            strategy: strategy, feed: feed, configuration: configuration, broker: PaperBroker.forLiveRun, observers: observers,
            onOpen: onOpen)
    }
}
