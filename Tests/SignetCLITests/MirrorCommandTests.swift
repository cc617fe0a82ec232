import Foundation
import SignalSubscriber
import SignalWire
import Testing
import TestSupport
import Trader

/// A publisher and a mirroring subscriber as real processes, through the simulators.
@Suite("signet mirror through the simulators")
struct MirrorCommandTests {
    static let group: Int64 = -1_002_000_000_002

    /// Simulators, keys and a bar file; the publisher posts to Slack and to a Telegram supergroup
    /// where the subscriber's bot sees bot posts.
    static func prepare(_ cli: CLI, bars: Int) throws -> (simulators: [Process], telegramURL: String, slackURL: String) {
        let (telegram, telegramURL) = try NotifyCommandTests.startSimulator(cli, ["telegram", "--token", "123456:SIMULATED", "--group", "\(group)"])
        let (slack, slackURL) = try NotifyCommandTests.startSimulator(cli, [
            "slack", "--token", "xoxb-simulated-publisher", "--token", "xoxb-simulated-subscriber", "--token", "xoxb-carol",
            "--app-token", "xapp-simulated-subscriber", "--app-token", "xapp-carol", "--channel", "C0SIGNALS", "--channel", "C0RECEIPTS",
        ])
        try PublishCommandTests.prepare(cli, telegramURL: telegramURL, slackURL: slackURL, bars: bars)
        let settings = try cli.read("settings.yml").replacingOccurrences(of: "chat_id: -1001000000001", with: "chat_id: \(group)")
        try cli.write(settings, to: "settings.yml")
        return ([telegram, slack], telegramURL, slackURL)
    }

    /// Stops simulators with SIGINT and waits for each to exit, at most 30 s (then it is killed and
    /// the test fails).
    static func stop(_ processes: [Process]) {
        for process in processes {
            process.interrupt()
            if !process.waitUntilExit(within: .seconds(30)) { Issue.record("a simulator did not stop within 30 s of SIGINT; killed") }
        }
    }

    /// The subscriber's settings: both chats with its own tokens, and `mirror`.
    static func subscriberSettings(_ cli: CLI, telegramURL: String, slackURL: String, mirror: String) throws {
        try cli.write(
            """
            telegram:
              token: "654321:SIMULATED-SUBSCRIBER"
              chat_id: \(group)
              api_url: \(telegramURL)
              pacing: false
            slack:
              token: xoxb-simulated-subscriber
              app_token: xapp-simulated-subscriber
              channel: C0SIGNALS
              api_url: \(slackURL)/api
              pacing: false
            mirror:
            \(mirror)
            """, to: "subscriber.yml")
    }

    static func mirrorArguments(_ cli: CLI, via: [String], name: String = "follow", cash: String = "5000", idle: Int = 3) -> [String] {
        ["mirror", "--from", "desk", "--channel", "alpha", "--symbol", "EUR/USD", "--name", name, "--cash", cash, "--idle-exit", "\(idle)",
         "--home", cli.path("sub"), "--settings", cli.path("subscriber.yml")] + via.flatMap { ["--via", $0] }
    }

    static func publishArguments(_ cli: CLI, fast: Int = 3, slow: Int = 5) -> [String] {
        PublishCommandTests.publishArguments(cli) + ["--param", "fast=\(fast)", "--param", "slow=\(slow)"]
    }

    static func journal(_ cli: CLI, _ name: String) -> String { cli.path("sub/alphas/\(name)/live_trading/paper") }

    /// Checks, signal by signal, that each order signal became exactly one mirrored order of
    /// `scale` times its quantity, and that nothing else was ordered.
    static func expectOneOrderPerOrderSignal(_ cli: CLI, name: String, scale: Int64 = 1) throws -> Int {
        let inbox = try Inbox(path: "\(journal(cli, name))/inbox.sqlite")
        let records = try inbox.all()
        let mirrored = try CSVJournal.submittedOrders(atPath: "\(journal(cli, name))/orders.csv")
        var byTag: [String: [JournalOrder]] = [:]
        for order in mirrored { byTag[order.tag, default: []].append(order) }
        var orderSignals = 0
        for record in records where record.kind == "order" {
            orderSignals += 1
            let tag = MirrorBoard.SignalID(publisher: record.publisher, channel: record.channel, sequence: record.sequence).tag
            let signal = try SignalPayload.decode(Array(record.payload.utf8))
            guard case .order(let order) = signal.body else {
                Issue.record("sequence \(record.sequence) is not an order")
                continue
            }
            let copies = byTag.removeValue(forKey: tag) ?? []
            #expect(copies.count == 1, "signal \(record.sequence): \(copies.count) mirrored orders")
            #expect(copies.first?.side == order.side)
            #expect(copies.first?.quantity.raw == order.quantity.raw * scale)
            #expect(record.status == .applied)
        }
        #expect(byTag.isEmpty, "orders without a signal: \(byTag.keys.sorted())")
        #expect(try inbox.unapplied().isEmpty)
        return orderSignals
    }

    @Test func aSlackSubscriberHoldsThePublishersTargetScaledToItsEquity() throws {
        let cli = try CLI()
        let (simulators, telegramURL, slackURL) = try Self.prepare(cli, bars: 300)
        defer { Self.stop(simulators) }
        try Self.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: target\n  max_signal_age: 0")
        let published = try cli.run(Self.publishArguments(cli))
        #expect(published.status == 0, "\(published.stderr)")

        // Started after the publisher finished: it catches up from the channel's history.
        let mirror = try cli.run(Self.mirrorArguments(cli, via: ["slack"]) + ["--catch-up"])
        #expect(mirror.status == 0, "\(mirror.stderr)")
        let inbox = try Inbox(path: "\(Self.journal(cli, "follow"))/inbox.sqlite")
        let counts = try inbox.counts()
        #expect((counts["applied"] ?? 0) >= 1, "\(counts)")
        #expect(try inbox.unapplied().isEmpty)

        // The publisher's last target, by weight of its equity, against the subscriber's position.
        let last = try #require(try inbox.newest(kinds: ["targets"]))
        guard case .targets(let snapshot) = try SignalPayload.decode(Array(last.payload.utf8)).body, let target = snapshot.targets.first else {
            Issue.record("no target in the last snapshot")
            return
        }
        let positions = try String(contentsOfFile: "\(Self.journal(cli, "follow"))/pos_pnl.csv", encoding: .utf8).split(separator: "\n")
        let filled = try #require(Quantity(String(positions.last!.split(separator: ",")[2])))
        // A mirrored market order fills at the next price the publisher reports; the last one is still
        // working when the history ends. What the subscriber holds is its position plus that order.
        let working = try CSVJournal.workingOrders(atPath: "\(Self.journal(cli, "follow"))/orders.csv").reduce(Int64(0)) {
            $0 + ($1.side == .buy ? $1.quantity.raw : -$1.quantity.raw)
        }
        let own = Quantity(raw: filled.raw + working, precision: 4)
        let ownEquity = Double(try #require(Money(String(positions.last!.split(separator: ",")[10]))).raw)
        let equity = snapshot.equity
        let expected = Double(target.weight.raw) / Double(FixedPoint.scale) * ownEquity / Double(target.price.raw)
        let tail = (try? String(contentsOfFile: "\(Self.journal(cli, "follow"))/orders.csv", encoding: .utf8))?.split(separator: "\n").suffix(6).joined(separator: "\n") ?? ""
        let snapshots = try inbox.all().filter { $0.kind == "targets" }.suffix(3).map { "\($0.sequence) \($0.status) \($0.reason ?? "") \($0.payload)" }.joined(separator: "\n")
        #expect(abs(Double(own.raw) / 1e8 - expected) <= max(abs(expected) * 0.02, 0.001), "position \(own) vs \(expected) (\(equity) publisher equity)\n\(tail)\n\(snapshots)\n\(positions.suffix(2).joined(separator: "\n"))\n\(mirror.stderr.split(separator: "\n").suffix(8).joined(separator: "\n"))")
        let tags = try CSVJournal.tags(ordersPath: "\(Self.journal(cli, "follow"))/orders.csv")
        #expect(!tags.isEmpty && tags.allSatisfy { $0.hasPrefix("signal:") })
    }

    @Test func aSubscriberReadingBothChatsCopiesEachOrderOnce() throws {
        let cli = try CLI()
        let (simulators, telegramURL, slackURL) = try Self.prepare(cli, bars: 200)
        defer { Self.stop(simulators) }
        try Self.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: orders")
        // The subscriber runs while the publisher publishes, reading Telegram and Slack at once.
        let subscriber = try Self.start(cli, Self.mirrorArguments(cli, via: ["telegram", "slack"], name: "both", idle: 8), log: "mirror.log")
        let published = try cli.run(Self.publishArguments(cli) + ["--speed", "72000"])  // 50 ms a bar
        #expect(published.status == 0, "\(published.stderr)")
        #expect(subscriber.waitUntilExit(within: .seconds(180)), "the subscriber (idle exit 8 s) did not exit within 180 s; killed")
        let report = try cli.read("mirror.log")
        #expect(subscriber.terminationStatus == 0, "\(report)")

        let orders = try Self.expectOneOrderPerOrderSignal(cli, name: "both")
        let publisherOrders = try CSVJournal.submittedOrders(atPath: cli.path("home/alphas/desk-eur/live_trading/paper/orders.csv"))
        #expect(orders == publisherOrders.count && orders > 0)
        #expect(report.contains("duplicate"), "the second copy of each signal is recognised: \(report)")
    }

    @Test func killedWithSIGKILLAtRandomPointsTheSubscriberPlacesEachOrderExactlyOnce() async throws {
        let cli = try CLI()
        let (simulators, telegramURL, slackURL) = try Self.prepare(cli, bars: 700)
        defer { Self.stop(simulators) }
        try Self.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: orders\n  max_signal_age: 0\n  allow_late: true")
        let published = try cli.run(Self.publishArguments(cli, fast: 2, slow: 3))
        #expect(published.status == 0, "\(published.stderr)")
        let signals = try await PublishCommandTests.slackHistory(slackURL, channel: "C0SIGNALS").count
        #expect(signals >= 200, "only \(signals) signals to stream")

        let orders = "\(Self.journal(cli, "crashy"))/orders.csv"
        let inbox = "\(Self.journal(cli, "crashy"))/inbox.sqlite-wal"
        func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        // Kill once the journal or the inbox has grown by a random amount (progress, not time).
        let (finished, kills) = try cli.runKilledAtRandomPoints(
            Self.mirrorArguments(cli, via: ["slack"], name: "crashy") + ["--catch-up"], attempts: 40, maxKills: 12
        ) {
            let ordersTarget = LiveProcessTests.lineCount(orders) + Int.random(in: 1...6)
            let inboxTarget = size(inbox) + Int.random(in: 4_000...60_000)
            return { LiveProcessTests.lineCount(orders) >= ordersTarget || size(inbox) >= inboxTarget }
        }
        #expect(finished, "the subscriber never completed")
        #expect(kills >= 5, "only \(kills) kills landed")
        let copied = try Self.expectOneOrderPerOrderSignal(cli, name: "crashy")
        let publisherOrders = try CSVJournal.submittedOrders(atPath: cli.path("home/alphas/desk-eur/live_trading/paper/orders.csv"))
        #expect(copied == publisherOrders.count, "every order signal received (\(copied) of \(publisherOrders.count))")
    }

    /// A process writing its standard error to `log` in the CLI's folder.
    static func start(_ cli: CLI, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = cli.binary
        process.arguments = arguments
        process.currentDirectoryURL = cli.work
        _ = FileManager.default.createFile(atPath: cli.path(log), contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.path(log)))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func aSubscriberRevokedWhileThePublisherRunsIsRefusedAndTheOthersGoOn() async throws {
        let cli = try CLI()
        let (simulators, telegramURL, slackURL) = try Self.prepare(cli, bars: 300)
        defer { Self.stop(simulators) }
        try Self.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: orders")
        // carol: her own key directory and Slack app, granted like follower.
        for step in [["keygen", "carol", "--dir", "carol-keys"], ["keys", "export", "carol", "--dir", "carol-keys", "--out", "carol.id"],
            ["keys", "import", "carol.id", "--as", "carol"], ["keys", "export", "desk", "--out", "desk.id"], ["keys", "import", "desk.id", "--as", "desk", "--dir", "carol-keys"]]
        {
            _ = try cli.ok(step)
        }
        try cli.write(try cli.ok(["channel", "grant", "alpha", "carol"]).stdout, to: "carol.grant")
        _ = try cli.ok(["channel", "accept", "carol.grant", "--from", "desk", "--dir", "carol-keys"])
        try cli.write(
            try cli.read("subscriber.yml").replacingOccurrences(of: "xoxb-simulated-subscriber", with: "xoxb-carol").replacingOccurrences(of: "xapp-simulated-subscriber", with: "xapp-carol"),
            to: "carol.yml")

        // Idle exit after 15 s: on a loaded machine the publisher may take several seconds to its first signal.
        let follower = try Self.start(cli, Self.mirrorArguments(cli, via: ["slack"], name: "follower", idle: 15), log: "follower.log")
        let carol = try Self.start(
            cli, Self.mirrorArguments(cli, via: ["slack"], name: "carol", idle: 15).map { $0 == cli.path("subscriber.yml") ? cli.path("carol.yml") : $0 } + ["--dir", "carol-keys"],
            log: "carol.log")
        let publisher = try Self.start(cli, Self.publishArguments(cli) + ["--speed", "72000"], log: "publisher.log")
        // Should the test fail before they end, none of the three outlives it.
        defer { for process in [publisher, follower, carol] where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let orders = cli.path("home/alphas/desk-eur/live_trading/paper/orders.csv")
        // Revoked mid-run: once the publisher has journaled 20 lines (or has already finished).
        let revokable = waitSynchronously(for: .seconds(120)) { !publisher.isRunning || LiveProcessTests.lineCount(orders) >= 20 }
        #expect(revokable, "the publisher journaled fewer than 20 lines in 120 s and is still running")
        _ = try cli.ok(["channel", "revoke", "alpha", "carol"])
        for (name, process) in [("publisher", publisher), ("follower", follower), ("carol", carol)] {
            #expect(process.waitUntilExit(within: .seconds(180)), "\(name) did not exit within 180 s; killed")
        }
        let publisherLog = try cli.read("publisher.log")
        #expect(publisher.terminationStatus == 0, "\(publisherLog)")
        #expect(follower.terminationStatus == 0 && carol.terminationStatus == 0)

        let carolLog = try cli.read("carol.log")
        #expect(carolLog.contains("refused: unknownEpoch"), "\(carolLog)")
        let followerLog = try cli.read("follower.log")
        #expect(followerLog.contains("accepted the grant of 'alpha' epoch 2"), "\(followerLog)")
        #expect(!followerLog.contains("refused"), "\(followerLog)")
        let copied = try Self.expectOneOrderPerOrderSignal(cli, name: "follower")
        #expect(copied == (try CSVJournal.submittedOrders(atPath: orders)).count)
        let carolCopied = try CSVJournal.submittedOrders(atPath: "\(Self.journal(cli, "carol"))/orders.csv").count
        #expect(carolCopied < copied, "carol mirrored only until the revocation")
    }

    @Test func signalsOlderThanMaxSignalAgeAreSkippedNotTraded() throws {
        let cli = try CLI()
        let (simulators, telegramURL, slackURL) = try Self.prepare(cli, bars: 150)
        defer { Self.stop(simulators) }
        // max_signal_age 0.001: a signal is stale once it is a millisecond old, and every signal is
        // older than that by the time a subscriber started after the publisher has exited reads it.
        // No waiting for a wall-clock second to pass (the limit's arithmetic is checked with a fake
        // clock in OrderMirrorTests and TargetMirrorTests; 0 turns the limit off).
        try Self.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: orders\n  max_signal_age: 0.001")
        #expect(try cli.run(Self.publishArguments(cli)).status == 0)
        let mirror = try cli.run(Self.mirrorArguments(cli, via: ["slack"], name: "late", idle: 2) + ["--catch-up"])
        #expect(mirror.status == 0, "\(mirror.stderr)")
        let counts = try Inbox(path: "\(Self.journal(cli, "late"))/inbox.sqlite").counts()
        #expect(counts.keys.contains { $0.hasPrefix("skipped: stale") }, "\(counts)")
        #expect(try CSVJournal.submittedOrders(atPath: "\(Self.journal(cli, "late"))/orders.csv").isEmpty)
    }
}
