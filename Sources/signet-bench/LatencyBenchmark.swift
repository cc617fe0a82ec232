import APISimulators
import Foundation
import Logging
import Notifiers
import ServiceLifecycle
import SignalPublisher
import SignalSubscriber
import SignalWire
import SignetApp
import SignetCrypto
import Synchronization
import Trader
import Transport

/// From the publisher's engine event to the subscriber's broker accepting the mirrored order,
/// through a loopback simulator: seal and store in the outbox, the sender posts it, the
/// subscriber's source receives it (Slack Socket Mode push or Telegram long polling), opens it,
/// files it in the inbox, and its engine journals the mirrored order and hands it to the paper
/// broker. Every step is the production code; only the chat service is simulated.
enum LatencyBenchmark {
    enum Transport: String { case slack, telegram }

    /// Records when each mirrored order was accepted, by the signal's sequence number.
    final class Accepted: KernelObserver, Sendable {
        let times = Mutex<[UInt64: UInt64]>([:])
        func kernel(submitted order: Order, marks: [Price]) {}
        func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {
            guard case .accepted(let order) = event,
                let sequence = order.tag.split(separator: "/").last.flatMap({ UInt64($0) })
            else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            times.withLock { $0[sequence] = now }
        }
    }

    /// Latencies in milliseconds, one per signal, `spacing` apart (engine events are not a flood).
    static func run(_ transport: Transport, signals count: Int, spacing: Duration = .milliseconds(4)) async throws -> [Double] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signet-latency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var quiet = Logger(label: "signet.bench")
        quiet.logLevel = .error

        let identity = try Identity.generate(name: "desk")
        let key = try ChannelKey.generate(
            channelName: "alpha", channel: try ChannelID.random(), publisher: identity.publicIdentity.keyID, epoch: 1)
        var keyBytes = key.exportKeyBytes()
        let inbox = try Inbox(path: folder.appendingPathComponent("inbox.sqlite").path)
        let receiver = try makeReceiver(publisher: identity.publicIdentity, key: key, bytes: &keyBytes, inbox: inbox)

        // The chat service, the publisher's output and the subscriber's source.
        let output: any SignalOutput
        let source: any Service
        let stopServer: @Sendable () async -> Void
        let board = MirrorBoard(), feed = SignalPriceFeed()
        let intake = MirrorIntake(
            receiver: receiver, board: board, inbox: inbox, policy: .init(mode: .orders), instruments: ["BTC/USD"], feed: feed)
        switch transport {
        case .slack:
            let simulator = SlackSimulator(
                bots: [.init(token: "xoxb-pub", userID: "U1", botID: "B1"), .init(token: "xoxb-sub", userID: "U2", botID: "B2")],
                appTokens: ["xapp-sub"], channels: ["C1"])
            let server = try await simulator.start(logger: quiet)
            stopServer = { await server.stop() }
            let base = "\(server.baseURL)/api"
            output = SlackSignalOutput(client: SlackClient(token: Secret("xoxb-pub"), baseURL: base, limiter: nil), channel: "C1")
            let socket = SlackSocketMode(app: SlackClient(token: Secret("xapp-sub"), baseURL: base, limiter: nil), logger: quiet)
            let channelFeed = SlackChannelFeed(
                web: SlackClient(token: Secret("xoxb-sub"), baseURL: base, limiter: nil), socket: socket, channel: "C1", logger: quiet)
            let slackSource = SlackSignalSource(feed: channelFeed, channel: "C1", inbox: inbox) {
                try await intake.handle($0, transport: "slack")
            }
            try slackSource.begin(at: "0")
            source = slackSource
        case .telegram:
            let simulator = TelegramSimulator(
                bots: [.init(id: 1, username: "pub_bot", token: "1:pub"), .init(id: 2, username: "sub_bot", token: "2:sub")],
                chats: [.init(id: -2002, kind: .supergroup, botToBot: true)])
            let server = try await simulator.start(logger: quiet)
            stopServer = { await server.stop() }
            output = TelegramSignalOutput(
                client: TelegramClient(token: Secret("1:pub"), baseURL: server.baseURL, limiter: nil), chatID: "-2002")
            source = TelegramSignalSource(
                client: TelegramClient(token: Secret("2:sub"), baseURL: server.baseURL, limiter: nil), chatID: -2002, inbox: inbox,
                logger: quiet
            ) {
                try await intake.handle($0, transport: "telegram")
            }
        }
        let outbox = try Outbox(path: folder.appendingPathComponent("outbox.sqlite").path)
        let sender = OutboxSender(outbox: outbox, outputs: [output], epoch: 0)
        let group = ServiceGroup(configuration: .init(services: [sender, source], logger: quiet))
        let services = Task { try await group.run() }

        // The subscriber's engine, as `signet mirror` runs it: journal first, then the broker.
        let accepted = Accepted()
        let journalPath = folder.appendingPathComponent("journal").path
        let engine = Task {
            let instrument = try Instrument(symbol: "BTC/USD", tickSize: Price("0.1")!, lotSize: Quantity("0.001")!)
            let broker = PaperBroker(instruments: [instrument], accountCurrency: "USD", cash: Money("100000000")!)
            let context = StrategyContext(
                simulation: false, instruments: [instrument],
                portfolio: Portfolio(accountCurrency: "USD", cash: Money("100000000")!, instruments: 1), logger: quiet, runTag: "mirror")
            let kernel = Kernel(
                strategy: MirrorStrategy(board: board, policy: .init(mode: .orders), now: { Int64(Date().timeIntervalSince1970 * 1000) }),
                broker: broker, context: context)
            try FileManager.default.createDirectory(atPath: journalPath, withIntermediateDirectories: true)
            kernel.observe(try CSVJournal(directory: journalPath, instruments: [instrument], synced: true))
            kernel.observe(accepted)
            kernel.start(at: 0)
            for await bar in feed {
                kernel.update(bar)
                kernel.decide(bar, at: bar.time)
                try intake.settle()
            }
        }

        // The publisher's engine events: an order signal each, sealed into the outbox.
        let sent = Mutex<[UInt64: UInt64]>([:])
        for index in 0..<count {
            let signal = SignalPayload(
                time: Int64(index + 1) * 1000, source: "bench",
                body: .order(OrderSignal(
                    id: "live-\(index)", symbol: "BTC/USD", side: index.isMultiple(of: 2) ? .buy : .sell, quantity: Quantity("0.001")!,
                    type: .market, limit: nil, price: Price("50000")!)))
            let started = DispatchTime.now().uptimeNanoseconds
            let entry = try outbox.append(
                channel: "alpha", time: signal.time, readable: signal.summary, outputs: [output.name]
            ) { counter in
                (try ChannelSealer(identity: identity, key: key, sequence: counter).seal(signal.encoded()), nil)
            }
            sent.withLock { $0[entry.sequence] = started }
            sender.notify()
            try await Task.sleep(for: spacing)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while accepted.times.withLock({ $0.count }) < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        await group.triggerGracefulShutdown()
        feed.finish()
        _ = try? await services.value
        try await engine.value
        await stopServer()
        let starts = sent.withLock { $0 }, ends = accepted.times.withLock { $0 }
        guard ends.count == count else {
            throw BenchError("\(transport): only \(ends.count) of \(count) mirrored orders were accepted within 60 s")
        }
        return starts.compactMap { sequence, start in ends[sequence].map { Double($0 - start) / 1e6 } }.sorted()
    }

    private static func makeReceiver(
        publisher: PublicIdentity, key: ChannelKey, bytes: inout [UInt8], inbox: Inbox
    ) throws -> sending SignalReceiver {
        let copy = try ChannelKey.restore(
            channelName: key.channelName, channel: key.channel, publisher: publisher.keyID, epoch: key.epoch, key: &bytes)
        let opener = SignalOpener(publishers: [publisher], replayStore: MemoryReplayStore())
        try opener.install(copy)
        return SignalReceiver(opener: opener, inbox: inbox)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p / 100).rounded(.up)) - 1))]
    }
}
