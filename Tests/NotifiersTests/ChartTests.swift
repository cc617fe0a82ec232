import Foundation
import Testing
import Trader
@testable import Notifiers
import Transport

@Suite("Charts")
struct ChartTests {
    static func bars(_ path: String) throws -> [Bar] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try CSVBars.read(root.appendingPathComponent(path).path)
    }

    /// Width and height from a PNG's IHDR, or nil when the bytes are not a PNG.
    static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes.count > 24, Array(bytes[12..<16]) == Array("IHDR".utf8)
        else { return nil }
        return (bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, bytes[20..<24].reduce(0) { $0 << 8 | Int($1) })
    }

    @Test(arguments: ChartTheme.allCases)
    func rendersAValidPNGOfTheRequestedSize(theme: ChartTheme) throws {
        let bars = try Self.bars("data/eurusd_1h.csv")
        let fills = [
            JournalFill(time: bars[4990].time, orderID: "a-1", symbol: "EUR/USD", side: .buy, quantity: Quantity("1000")!, price: bars[4990].close, fee: Money("0.1")!),
            JournalFill(time: bars[4995].time, orderID: "a-2", symbol: "EUR/USD", side: .sell, quantity: Quantity("1000")!, price: bars[4995].close, fee: Money("0.1")!),
        ]
        let png = try ChartRenderer(theme: theme).render(ChartData(symbol: "EUR/USD", bars: bars, fills: fills))
        let size = try #require(Self.pngSize(png))
        #expect(size == (1280, 720))
        #expect(png.count > 20_000, "a chart with candles is not an empty image")
        #expect(png.suffix(8) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], "IEND chunk ends the file")
    }

    @Test func otherSizesAreHonoured() throws {
        let png = try ChartRenderer(width: 640, height: 360).render(ChartData(symbol: "GOOG/USD", bars: try Self.bars("data/goog_1d.csv")))
        #expect(Self.pngSize(png)! == (640, 360))
    }

    @Test func ledgerFollowsFillsIntoPositionAndProfit() {
        let bars = (0..<3).map { index in
            Bar(instrument: 0, time: Int64(index) * 60_000, open: Price("10")!, high: Price("12")!, low: Price("9")!, close: Price(["10", "11", "12"][index])!, volume: Quantity("1")!)
        }
        let fills = [JournalFill(time: 60_000, orderID: "x", symbol: "T/USD", side: .buy, quantity: Quantity("2")!, price: Price("10")!, fee: Money("1")!)]
        let ledger = ChartData(symbol: "T/USD", bars: bars, fills: fills).ledger
        #expect(ledger.map(\.position) == [0, 2, 2])
        #expect(ledger.map(\.pnl) == [0, 1, 3])  // -20 - 1 + 2×11, then + 2×12
    }

    @Test func nothingToDrawAndImpossibleSizesAreClearErrors() throws {
        #expect(throws: ChartError.self) { try ChartRenderer().render(ChartData(symbol: "X/USD", bars: [])) }
        let bars = try Self.bars("data/goog_1d.csv")
        do {
            _ = try ChartRenderer(width: 0, height: 720).render(ChartData(symbol: "GOOG/USD", bars: bars))
            Issue.record("expected a size error")
        } catch let error as ChartError {
            #expect(error.code == .invalidSize)
        }
    }

    @Test func timeframeIsReadFromTheBarSpacing() throws {
        #expect(ChartData(symbol: "", bars: try Self.bars("data/eurusd_1h.csv")).timeframeLabel == "1h")
        #expect(ChartData(symbol: "", bars: try Self.bars("data/goog_1d.csv")).timeframeLabel == "1d")
        #expect(ChartData(symbol: "", bars: try Self.bars("data/btcusd_1mo.csv")).timeframeLabel == "1mo")
    }
}

@Suite("Live against shadow equity chart")
struct EquityChartTests {
    @Test func bothCurvesAreDrawnAsAPNGAndTooFewPointsAreRefused() throws {
        var points: [(time: Int64, live: Money, shadow: Money, diverged: Bool)] = []
        for index in 0..<3000 {
            let wave = Int64(index % 50)
            let gap: Int64 = index > 2000 ? 5 : 0
            points.append((Int64(index) * 60_000, Money(units: 10_000 + wave), Money(units: 10_000 + wave - gap), index == 2001))
        }
        let png = try ChartRenderer(width: 640, height: 360).render(equity: EquityChartData(title: "test", points: points))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(ChartRenderer.downsample(points, to: 100).count == 100)
        #expect(ChartRenderer.downsample(points, to: 100).filter(\.diverged).count == 1)
        #expect(throws: ChartError.self) { try ChartRenderer().render(equity: EquityChartData(title: "empty", points: Array(points.prefix(1)))) }
    }
}
