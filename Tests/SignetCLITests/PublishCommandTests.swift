import Foundation
import Testing

@Suite("signet publish through the simulators")
struct PublishCommandTests {
    /// The texts of a Slack channel, oldest first, read with the subscriber's token.
    static func slackHistory(_ url: String, channel: String) throws -> [String] {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "-X", "POST", "-H", "Authorization: Bearer xoxb-simulated-subscriber", "-d", "channel=\(channel)", "-d", "limit=999", "\(url)/api/conversations.history"]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let messages = object?["messages"] as? [[String: Any]] ?? []
        return messages.compactMap { $0["text"] as? String }.reversed()
    }

    @Test func everyOrderFillAndTargetArrivesSealedInOrderAndOpens() throws {
        let cli = try CLI()
        let (telegram, telegramURL) = try NotifyCommandTests.startSimulator(cli)
        let (slack, slackURL) = try NotifyCommandTests.startSimulator(cli, ["slack"])
        defer {
            for process in [telegram, slack] {
                process.interrupt()
                process.waitUntilExit()
            }
        }
        for step in [
            ["keygen", "desk"], ["keygen", "follower"], ["channel", "create", "alpha", "--as", "desk"],
        ] { _ = try cli.ok(step) }
        let follower = String(try cli.ok(["keys", "show", "follower"]).firstLine)
        let desk = String(try cli.ok(["keys", "show", "desk"]).firstLine)
        _ = try cli.ok(["keys", "import", follower, "--as", "follower"])
        _ = try cli.ok(["keys", "import", desk, "--as", "desk"])
        let grant = try cli.ok(["channel", "grant", "alpha", "follower"]).firstLine
        _ = try cli.ok(["channel", "accept", grant, "--from", "desk"])

        let bars = try String(contentsOfFile: dataPath("eurusd_1h.csv"), encoding: .utf8).split(separator: "\n").prefix(401).joined(separator: "\n") + "\n"
        try cli.write(bars, to: "eurusd.csv")
        try cli.write(
            """
            telegram:
              token: "123456:SIMULATED"
              chat_id: -1001000000001
              api_url: \(telegramURL)
              pacing: false
            slack:
              token: xoxb-simulated-publisher
              channel: C0SIGNALS
              api_url: \(slackURL)/api
              pacing: false
            signals:
              identity: desk
              keys: \(cli.path("keys"))
              channels: [alpha]
            """, to: "settings.yml")
        let run = try cli.run([
            "publish", "--strategy", "sma-cross", "--feed", "replay:\(cli.path("eurusd.csv"))", "--symbol", "EUR/USD", "--speed", "0",
            "--name", "desk-eur", "--home", cli.path("home"), "--settings", cli.path("settings.yml"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try Self.slackHistory(slackURL, channel: "C0SIGNALS")
        #expect(run.stderr.contains("slack: \(lines.count) signal(s) delivered this session"))
        #expect(run.stderr.contains("telegram: \(lines.count) signal(s) delivered this session"))
        let orders = try cli.read("home/alphas/desk-eur/live_trading/paper/orders.csv")
        let fills = orders.split(separator: "\n").filter { $0.contains(",filled,") }.count
        #expect(fills > 0)

        var kinds: [String: Int] = [:]
        for (index, line) in lines.enumerated() {
            try cli.write(line + "\n", to: "signal.txt")
            let opened = try cli.run(["open", "--in", cli.path("signal.txt")])
            #expect(opened.status == 0, "signal \(index + 1): \(opened.stderr)")
            #expect(opened.stderr.contains("sequence \(index + 1),"), "signals arrive in sequence order without gaps")
            let payload = try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any]
            kinds[payload?["kind"] as? String ?? "?", default: 0] += 1
            if payload?["kind"] as? String == "order" { #expect((payload?["price"] as? String).map { $0 != "0" } == true, "orders carry the mark") }
        }
        #expect(kinds["fill"] == fills)
        #expect(kinds["order"] == fills)
        #expect((kinds["targets"] ?? 0) > 0)
    }
}
