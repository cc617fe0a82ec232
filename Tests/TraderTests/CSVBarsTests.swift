import Testing
@testable import Trader

@Suite("CSV bars")
struct CSVBarsTests {
    @Test(arguments: ["eurusd_1h.csv", "goog_1d.csv", "btcusd_1mo.csv"])
    func shippedDataFilesParse(name: String) throws {
        let bars = try CSVBars.read(dataFile(name))
        #expect(bars.count > 100)
        #expect(zip(bars, bars.dropFirst()).allSatisfy { $0.time < $1.time })
    }

    @Test func epochSecondsMillisecondsAndCRLFAreAccepted() throws {
        let bars = try CSVBars.parse("time,open,high,low,close,volume\r\n1492592400,1,2,0.5,1.5,10\r\n1492592460000,1.5,2,1,1,0\r\n")
        #expect(bars.map(\.time) == [1_492_592_400_000, 1_492_592_460_000])
        #expect(bars[0].close == p("1.5"))
    }

    @Test(arguments: [
        ("when,open,high,low,close,volume\n", "bars:1: the header"),
        ("timestamp,open,high,low,close,volume\n2017-01-01,1,2,0.5,1\n", "bars:2: expected 6 fields"),
        ("timestamp,open,high,low,close,volume\nsoon,1,2,0.5,1,1\n", "bars:2: 'soon' is not a timestamp"),
        ("timestamp,open,high,low,close,volume\n2017-01-01,1,2,0.5,1,1\n2017-01-02,1,x,0.5,1,1\n", "bars:3: high 'x'"),
        ("timestamp,open,high,low,close,volume\n2017-01-01,1,2,1.5,1,1\n", "bars:2: inconsistent bar"),
        ("timestamp,open,high,low,close,volume\n2017-01-02,1,2,0.5,1,1\n2017-01-01,1,2,0.5,1,1\n", "bars:3: timestamp 2017-01-01T00:00:00Z is not after"),
        ("", "empty"),
    ])
    func badFilesAreRefusedWithTheLineAndTheReason(text: String, fragment: String) {
        do {
            _ = try CSVBars.parse(text)
            Issue.record("accepted: \(text)")
        } catch let error as TraderError {
            #expect(error.code == .invalidData)
            #expect(error.message.contains(fragment), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func missingFileSaysSo() {
        #expect(throws: TraderError(.io, "cannot read bar file /nonexistent.csv: it does not exist or is not readable")) {
            try CSVBars.read("/nonexistent.csv")
        }
    }

    @Test func randomWalkIsReproducibleFromItsSeed() {
        let a = Array(RandomWalk(seed: 7, count: 1000))
        let b = Array(RandomWalk(seed: 7, count: 1000))
        let c = Array(RandomWalk(seed: 8, count: 1000))
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { $0.low <= $0.open && $0.low <= $0.close && $0.high >= $0.open && $0.high >= $0.close && $0.low.raw > 0 })
    }
}
