import Foundation
import Testing

@Suite("simulate and notify from the README")
struct NotifyCommandTests {
    /// Starts `signet simulate telegram` on a free port and returns it with its base URL.
    static func startSimulator(_ cli: CLI, _ arguments: [String] = ["telegram", "--token", "123456:SIMULATED", "--chat", "-1001000000001"]) throws -> (
        Process, String
    ) {
        let process = Process()
        process.executableURL = cli.binary
        process.arguments = ["simulate"] + arguments + ["--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        // The read below blocks until output comes: a simulator silent for 30 s is killed, which ends it.
        let watchdog = killIfStillRunning(process, after: .seconds(30))
        while !text.contains("\n") && process.isRunning {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        watchdog.cancel()
        guard let range = text.range(of: "http://127.0.0.1:[0-9]+", options: .regularExpression) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "simulator did not start: \(text)"])
        }
        return (process, String(text[range]))
    }

    @Test func notifyPostsThroughTheSimulatorAndReportsErrorsClearly() throws {
        let cli = try CLI()
        let (simulator, url) = try Self.startSimulator(cli)
        defer {
            simulator.interrupt()
            #expect(simulator.waitUntilExit(within: .seconds(30)), "the simulator did not stop on SIGINT")
        }
        try FileManager.default.createDirectory(atPath: cli.path("home"), withIntermediateDirectories: true)
        try cli.write("telegram:\n  token: \"123456:SIMULATED\"\n  chat_id: -1001000000001\n  api_url: \(url)\n", to: "home/settings.yml")
        let env = ["SIGNET_HOME": cli.path("home")]
        let sent = try cli.run(["notify", "telegram", "--text", "BUY <BTC/USD> 0.25 & hold"], environment: env)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stderr.contains("sent 1 message(s) to chat -1001000000001: 1"))
        let wrongChat = try cli.run(["notify", "telegram", "--text", "x", "--chat", "5"], environment: env)
        #expect(wrongChat.status != 0)
        #expect(wrongChat.stderr.contains("Bad Request: chat not found"))
        let wrongToken = try cli.run(["notify", "telegram", "--text", "x"], environment: env.merging(["SIGNET_TELEGRAM_TOKEN": "9:nope"]) { $1 })
        #expect(wrongToken.status != 0)
        #expect(wrongToken.stderr.contains("check telegram.token"))
        #expect(!wrongToken.stderr.contains("9:nope"), "a token must never be printed")
    }

    @Test func simulatorStopsOnSIGINTAndRefusesABusyPort() throws {
        let cli = try CLI()
        let (simulator, url) = try Self.startSimulator(cli)
        let port = url.split(separator: ":").last.map(String.init) ?? ""
        let busy = try cli.run(["simulate", "telegram", "--port", port])
        #expect(busy.status != 0)
        #expect(busy.stderr.contains("is the port in use?"))
        simulator.interrupt()
        #expect(simulator.waitUntilExit(within: .seconds(30)), "the simulator did not stop on SIGINT")
        #expect(simulator.terminationStatus == 0)
    }

    @Test func notifySendsAChartAsATelegramPhotoAndASlackUpload() throws {
        let cli = try CLI()
        let (telegram, telegramURL) = try Self.startSimulator(cli)
        let (slack, slackURL) = try Self.startSimulator(cli, ["slack", "--token", "xoxb-cli", "--channel", "C0CLI"])
        defer {
            for process in [telegram, slack] {
                process.interrupt()
                #expect(process.waitUntilExit(within: .seconds(30)), "a simulator did not stop on SIGINT")
            }
        }
        try FileManager.default.createDirectory(atPath: cli.path("home"), withIntermediateDirectories: true)
        try cli.write(
            """
            telegram:
              token: "123456:SIMULATED"
              chat_id: -1001000000001
              api_url: \(telegramURL)
            slack:
              token: xoxb-cli
              channel: C0CLI
              api_url: \(slackURL)/api
            """, to: "home/settings.yml")
        let env = ["SIGNET_HOME": cli.path("home")]
        let photo = try cli.run(["notify", "telegram", "--text", "EUR/USD sma-cross", "--chart", dataPath("eurusd_1h.csv")], environment: env)
        #expect(photo.status == 0, "\(photo.stderr)")
        #expect(photo.stderr.contains("chart: EUR/USD, 5000 bars"))
        let upload = try cli.run(["notify", "slack", "--text", "EUR/USD sma-cross", "--chart", dataPath("eurusd_1h.csv")], environment: env)
        #expect(upload.status == 0, "\(upload.stderr)")
        #expect(upload.stderr.contains("uploaded file F"))
        let text = try cli.run(["notify", "slack", "--text", "plain"], environment: env)
        #expect(text.stderr.contains("posted message"))
        let nothing = try cli.run(["notify", "slack"], environment: env)
        #expect(nothing.status != 0 && nothing.stderr.contains("nothing to send"))
    }
}
