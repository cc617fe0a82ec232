import Foundation
import Testing

@Suite("signet chart")
struct ChartCommandTests {
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes.count > 24 else { return nil }
        return (bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, bytes[20..<24].reduce(0) { $0 << 8 | Int($1) })
    }

    @Test func drawsABacktestsFillsOnItsBarsAsA1280x720PNG() throws {
        let cli = try CLI()
        let backtest = try cli.run(["backtest", "--strategy", "sma-cross", "--data", dataPath("eurusd_1h.csv"), "--out", cli.path("run")])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        let chart = try cli.run(["chart", "--data", dataPath("eurusd_1h.csv"), "--orders", cli.path("run/orders.csv"), "--out", cli.path("chart.png")])
        #expect(chart.status == 0, "\(chart.stderr)")
        #expect(chart.stderr.contains("EUR/USD, 5000 bars"))
        #expect(!chart.stderr.contains(" 0 fills"))
        let png = try Data(contentsOf: URL(fileURLWithPath: cli.path("chart.png")))
        #expect(Self.pngSize(png)! == (1280, 720))

        let dark = try cli.run(["chart", "--data", dataPath("goog_1d.csv"), "--theme", "dark", "--width", "800", "--height", "450", "--out", cli.path("d.png")])
        #expect(dark.status == 0)
        #expect(Self.pngSize(try Data(contentsOf: URL(fileURLWithPath: cli.path("d.png"))))! == (800, 450))
    }

    @Test(arguments: [
        (["--theme", "neon"], "use light or dark"),
        (["--orders", "missing.csv"], "no such file"),
        (["--width", "0"], "between 1×1 and 8192×8192"),
    ])
    func badOptionsSayWhatToDo(extra: [String], message: String) throws {
        let cli = try CLI()
        let result = try cli.run(["chart", "--data", dataPath("goog_1d.csv"), "--out", cli.path("x.png")] + extra)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.png")))
    }

    @Test func fillsOfAnotherInstrumentAreNotDrawnSilently() throws {
        let cli = try CLI()
        _ = try cli.run(["backtest", "--strategy", "sma-cross", "--data", dataPath("eurusd_1h.csv"), "--out", cli.path("run")])
        let result = try cli.run(["chart", "--data", dataPath("goog_1d.csv"), "--orders", cli.path("run/orders.csv"), "--out", cli.path("x.png")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("has no fills of GOOG/USD (it has EUR/USD): pass --symbol"))
    }
}
