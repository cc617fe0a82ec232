import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `signet live --broker kraken` against `signet simulate kraken`, as two processes.
@Suite("Trading on the Kraken simulator")
struct KrakenCommandTests {
    static func settings(_ url: String) -> String {
        let socket = url.replacingOccurrences(of: "http://", with: "ws://")
        return """
            exchange_apis:
              Kraken:
                key: SIGNET-SIM-KEY
                secret: kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==
                api_url: \(url)
                ws_url: \(socket)/ws/v2
                ws_auth_url: \(socket)/ws-auth/v2

            """
    }

    /// Runs `signet live` until `done` holds for the journal, then stops it with SIGINT. Polls the
    /// journal every 50 ms for that event; should it not come within 120 s, or the run not stop
    /// within 60 s of SIGINT (then it is killed), the test fails.
    static func runUntil(_ cli: CLI, _ arguments: [String], ordersPath: String, _ done: @escaping (String) -> Bool) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = cli.binary
        process.arguments = arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let output = OutputCollector(stderr.fileHandleForReading)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)
        var reached = false
        while process.isRunning {
            let journal = (try? String(contentsOfFile: ordersPath, encoding: .utf8)) ?? ""
            if output.text.contains("live run started") && done(journal) {
                reached = true
                break
            }
            guard ContinuousClock.now < deadline else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        if !reached && process.isRunning {
            Issue.record("signet live ran 120 s without the journal reaching the awaited state:\n\(output.text.suffix(2_000))")
        }
        kill(process.processIdentifier, SIGINT)
        let stopped = process.waitUntilExit(within: .seconds(60))
        #expect(stopped, "signet live did not stop within 60 s of SIGINT; killed")
        return (process.terminationStatus, output.finish())
    }

    @Test func smaCrossTradesOnTheSimulatorAndARestartReconcilesWithoutRepeatingAnything() throws {
        let cli = try CLI()
        let (simulator, url) = try NotifyCommandTests.startSimulator(cli, ["kraken", "--step", "0.1", "--seed", "7"])
        defer { simulator.terminate() }
        try cli.write(Self.settings(url), to: "settings.yml")
        let arguments = [
            "live", "--broker", "kraken", "--strategy", "sma-cross", "--param", "fast=2", "--param", "slow=4", "--param", "long_only=true",
            "--symbol", "BTC/USD", "--freq", "1m", "--name", "btc", "--home", cli.path("home"), "--settings", cli.path("settings.yml"),
        ]
        let ordersPath = cli.path("home/alphas/btc/live_trading/kraken/orders.csv")
        func filled(_ journal: String) -> [Substring] { journal.split(separator: "\n").filter { $0.contains(",filled,") } }
        func submitted(_ journal: String) -> [Substring] {
            journal.split(separator: "\n").filter { $0.contains(",submitted,") }.map { $0.split(separator: ",")[1] }
        }

        let first = try Self.runUntil(cli, arguments, ordersPath: ordersPath) { filled($0).count >= 3 }
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("reconciled with Kraken") && first.output.contains("onExit called; journal flushed"))
        let journal = try String(contentsOfFile: ordersPath, encoding: .utf8)
        #expect(filled(journal).count >= 3, "\(journal)")
        // Long only on a spot account: buys and sells alternate, none refused for funds.
        #expect(!journal.contains("insufficient_funds"), "\(journal)")

        // A restart reconciles with the account: nothing missed, nothing external, nothing placed twice.
        let second = try Self.runUntil(cli, arguments, ordersPath: ordersPath) { filled($0).count >= filled(journal).count + 1 }
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("external_orders=0") && second.output.contains("external_trades=0"), "\(second.output)")
        let after = try String(contentsOfFile: ordersPath, encoding: .utf8)
        #expect(Set(submitted(after)).count == submitted(after).count, "an order id was submitted twice: \(after)")
        #expect(filled(after).starts(with: filled(journal)))
    }

    @Test func aSubscriberMirrorsOntoKrakenAndHoldsWhatTheAccountHolds() throws {
        let cli = try CLI()
        let (simulators, telegramURL, slackURL) = try MirrorCommandTests.prepare(cli, bars: 200)
        defer { MirrorCommandTests.stop(simulators) }
        let (kraken, krakenURL) = try NotifyCommandTests.startSimulator(cli, ["kraken", "--pair", "EUR/USD", "--step", "0", "--balance", "ZUSD=10000"])
        defer { kraken.terminate() }
        // Every order copied at half size: the account's constant EUR price may differ from the publisher's.
        try MirrorCommandTests.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: orders\n  multiplier: \"0.5\"\n  max_signal_age: 0")
        try cli.write(try cli.read("subscriber.yml") + "\n" + Self.settings(krakenURL), to: "subscriber.yml")
        // Long only: a spot account cannot follow a short.
        let published = try cli.run(MirrorCommandTests.publishArguments(cli) + ["--param", "long_only=true"])
        #expect(published.status == 0, "\(published.stderr)")

        let arguments = MirrorCommandTests.mirrorArguments(cli, via: ["slack"]) + ["--catch-up", "--broker", "kraken"]
        let mirror = try cli.run(arguments)
        #expect(mirror.status == 0, "\(mirror.stderr)")
        #expect(mirror.stderr.contains("use Kraken at http://127.0.0.1"), "a Kraken mirror marks with Kraken's own prices: \(mirror.stderr)")
        let journal = cli.path("sub/alphas/follow/live_trading/kraken")
        let orders = try String(contentsOfFile: "\(journal)/orders.csv", encoding: .utf8)
        let fills = orders.split(separator: "\n").filter { $0.contains(",filled,") }
        #expect(!fills.isEmpty, "\(orders)\n\(mirror.stderr)")
        #expect(!orders.contains(",rejected,"), "\(orders)")

        // Restarted, it reconciles with the account: the euros Kraken holds are the position the journal holds.
        let again = try cli.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        let balance = try #require(again.stderr.range(of: "EUR=[0-9.]+", options: .regularExpression).map { again.stderr[$0].dropFirst(4) })
        let positions = try String(contentsOfFile: "\(journal)/pos_pnl.csv", encoding: .utf8).split(separator: "\n")
        let held = try #require(positions.last.map { String($0.split(separator: ",")[2]) })
        #expect(Double(held) == Double(balance), "journal holds \(held) EUR, Kraken \(balance)")
        #expect(again.stderr.contains("external_trades=0") && again.stderr.contains("fills_booked=0"), "\(again.stderr)")
    }

    @Test func aShadowThatDivergesAlertsTheTelegramChat() throws {
        let cli = try CLI()
        let group: Int64 = -1_002_000_000_002
        let (kraken, krakenURL) = try NotifyCommandTests.startSimulator(cli, ["kraken", "--step", "0.1", "--seed", "7"])
        defer { kraken.terminate() }
        // A supergroup with bot-to-bot communication: the second bot reads what the run's bot posts.
        let (telegram, telegramURL) = try NotifyCommandTests.startSimulator(cli, ["telegram", "--token", "123456:SIMULATED", "--group", "\(group)"])
        defer { telegram.terminate() }
        try cli.write(Self.settings(krakenURL) + """
            telegram:
              token: "123456:SIMULATED"
              chat_id: \(group)
              api_url: \(telegramURL)
              pacing: false

            """, to: "settings.yml")
        // The shadow charges no fee, Kraken 40 bp: equity parts after the first fill.
        let arguments = [
            "live", "--broker", "kraken", "--strategy", "sma-cross", "--param", "fast=2", "--param", "slow=4", "--param", "long_only=true",
            "--symbol", "BTC/USD", "--freq", "1m", "--name", "btc", "--home", cli.path("home"), "--settings", cli.path("settings.yml"),
            "--shadow", "--fee-bps", "0", "--alerts", "telegram",
        ]
        let run = try Self.runUntil(cli, arguments, ordersPath: cli.path("home/alphas/btc/live_trading/kraken/orders.csv")) {
            $0.components(separatedBy: ",filled,").count > 3
        }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("diverged"), "\(run.output.suffix(2000))")

        // Read with URLSession's own threads: a Swift task could wait behind the blocked test threads.
        let posted = try Self.telegramTexts(telegramURL, token: "654321:SIMULATED-SUBSCRIBER")
        #expect(posted.contains { $0.contains("diverged") && $0.contains("WARNING") }, "\(posted)")
    }

    /// The texts of the messages a bot can read (`getUpdates`), fetched synchronously.
    static func telegramTexts(_ baseURL: String, token: String) throws -> [String] {
        let url = try #require(URL(string: "\(baseURL)/bot\(token)/getUpdates?timeout=0"))
        let body = Mutex<Data?>(nil)
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: url) { data, _, _ in
            body.withLock { $0 = data }
            done.signal()
        }.resume()
        #expect(done.wait(timeout: .now() + 60) == .success, "getUpdates did not answer")
        let data = try #require(body.withLock { $0 })
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let updates = object["result"] as? [[String: Any]] ?? []
        return updates.compactMap { (($0["message"] ?? $0["channel_post"]) as? [String: Any])?["text"] as? String }
    }

    @Test func krakenWithoutSettingsSaysWhatToAdd() throws {
        let cli = try CLI()
        try cli.write("telegram:\n  token: \"1:x\"\n  chat_id: \"-1\"\n", to: "settings.yml")
        let result = try cli.run(["live", "--broker", "kraken", "--strategy", "sma-cross", "--symbol", "BTC/USD", "--home", cli.path("home"), "--settings", cli.path("settings.yml")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("exchange_apis.Kraken"), "\(result.stderr)")
    }
}

/// Reads a pipe to its end on a thread of its own, so a chatty child never blocks on a full pipe.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue(label: "signet.test.output").async { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                append(chunk)
            }
            done.signal()
        }
    }

    private func append(_ data: Data) {
        lock.lock()
        collected.append(data)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Waits for the end of the output (at most 30 s: the process has exited by now, so its end of
    /// file is due) and returns all of it.
    func finish() -> String {
        if done.wait(timeout: .now() + 30) == .timedOut { Issue.record("the output did not end within 30 s of the process's exit") }
        return text
    }
}
