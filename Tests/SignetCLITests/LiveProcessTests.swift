import Foundation
import Testing

/// Live runs as real processes: killed with SIGKILL at random points and restarted, and stopped
/// with a real SIGINT.
@Suite("Live runs as processes")
struct LiveProcessTests {
    static func arguments(home: String, name: String, speed: String = "0") -> [String] {
        [
            "live", "--strategy", "dca", "--param", "amount=40", "--feed", "replay:\(dataPath("goog_1d.csv"))", "--speed", speed, "--freq", "1d",
            "--name", name, "--home", home, "--cash", "100000", "--fee-bps", "10",
        ]
    }

    static func journal(_ home: String, _ name: String, _ file: String) throws -> String {
        try String(contentsOfFile: "\(home)/alphas/\(name)/live_trading/paper/\(file)", encoding: .utf8)
    }

    static func lineCount(_ path: String) -> Int {
        (FileManager.default.contents(atPath: path) ?? Data()).reduce(0) { $0 + ($1 == 0x0a ? 1 : 0) }
    }

    @Test func killedWithSIGKILLAtRandomPointsAndRestartedLosesAndRepeatsNothing() throws {
        let cli = try CLI()
        let reference = try cli.run(Self.arguments(home: cli.path("reference"), name: "dca"))
        #expect(reference.status == 0, "\(reference.stderr)")
        let total = Self.lineCount(cli.path("reference/alphas/dca/live_trading/paper/orders.csv"))

        let orders = cli.path("crashed/alphas/dca/live_trading/paper/orders.csv")
        // Kill once the journal has grown by a random number of rows (progress, not time).
        let (finished, kills) = try cli.runKilledAtRandomPoints(Self.arguments(home: cli.path("crashed"), name: "dca"), attempts: 40, maxKills: .max) {
            let target = min(Self.lineCount(orders) + Int.random(in: 1...400), total - 1)
            return { Self.lineCount(orders) >= target }
        }
        #expect(finished, "the run never completed")
        #expect(kills >= 3, "only \(kills) kills landed; the run finished too fast to test")
        // Every fill, once and at the same price, and the same positions and cash after each.
        func fills(_ text: String) -> [Substring] { text.split(separator: "\n").filter { $0.contains(",filled,") } }
        #expect(fills(try Self.journal(cli.path("crashed"), "dca", "orders.csv")) == fills(try Self.journal(cli.path("reference"), "dca", "orders.csv")))
        #expect(try Self.journal(cli.path("crashed"), "dca", "pos_pnl.csv") == Self.journal(cli.path("reference"), "dca", "pos_pnl.csv"))
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aStopSignalCallsOnExitFlushesAndExitsZero(signal: Int32) throws {
        let cli = try CLI()
        let process = Process()
        process.executableURL = cli.binary
        // One daily bar every 10 s: the run is waiting on its feed when the signal comes.
        process.arguments = Self.arguments(home: cli.path("home"), name: "dca", speed: "8640")
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var output = ""
        // Both reads below block until output comes or the pipe closes: a run that hangs is killed
        // after 120 s, which fails the expectations instead of hanging the suite.
        let watchdog = killIfStillRunning(process, after: .seconds(120))
        defer { watchdog.cancel() }
        while !output.contains("live run started") && process.isRunning {
            output += String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(output.contains("live run started"), "\(output)")
        kill(process.processIdentifier, signal)
        let rest = stderr.fileHandleForReading.readDataToEndOfFile()
        #expect(process.waitUntilExit(within: .seconds(60)), "the run did not exit after the signal")
        output += String(decoding: rest, as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("onExit called; journal flushed"))
        #expect(output.contains("reason=shutdown signal"))
        #expect(try Self.journal(cli.path("home"), "dca", "orders.csv").hasPrefix("time,order_id"))
    }
}

func dataPath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/\(name)").standardized.path
}
