import Foundation
import Testing
@testable import Trader

@Suite("Rebalance schedule")
struct ScheduleTests {
    static let hour: Int64 = 3_600_000

    @Test(arguments: [("1m", Int64(60_000)), ("5m", 300_000), ("15m", 900_000), ("30m", 1_800_000), ("1h", 3_600_000), ("4h", 14_400_000), ("1d", 86_400_000)])
    func presetsAlignToBarStarts(text: String, milliseconds: Int64) throws {
        let schedule = try RebalanceSchedule(parsing: text)
        #expect(schedule == .aligned(milliseconds: milliseconds))
        let start: Int64 = 1_700_000_123_456
        let first = schedule.first(atOrAfter: start)
        #expect(first % milliseconds == 0)
        #expect(first > start && first - start <= milliseconds)
        #expect(schedule.first(atOrAfter: first) == first)
        #expect(schedule.next(after: first, now: first) == first + milliseconds)
        // Missed boundaries are skipped, not replayed.
        #expect(schedule.next(after: first, now: first + 3 * milliseconds + 1) == first + 4 * milliseconds)
    }

    @Test func secondsFireImmediatelyThenEveryInterval() throws {
        let schedule = try RebalanceSchedule(parsing: "90")
        #expect(schedule == .every(milliseconds: 90_000))
        #expect(schedule.first(atOrAfter: 1_234) == 1_234)
        #expect(schedule.next(after: 1_234, now: 1_234) == 91_234)
        #expect(schedule.next(after: 1_234, now: 200_000) == 271_234)
        #expect(try RebalanceSchedule(parsing: "0.5") == .every(milliseconds: 500))
    }

    @Test(arguments: ["2h", "0", "-5", "fast", ""])
    func badFrequenciesAreRefused(text: String) {
        #expect(throws: TraderError.self) { try RebalanceSchedule(parsing: text) }
    }

    @Test func hourlyScheduleOverMinuteBarsAggregatesEachHour() throws {
        var clock = RebalanceClock(schedule: try RebalanceSchedule(parsing: "1h"))
        let start: Int64 = 1_700_000_400_000  // 22:20 UTC, not on the hour
        var fired: [(Int64, Bar)] = []
        for minute in 0..<120 {
            let time = start + Int64(minute) * 60_000
            let bar = Bar(instrument: 0, time: time, open: Price(units: 100 + Int64(minute)), high: Price(units: 200 + Int64(minute)),
                          low: Price(units: 50), close: Price(units: 100 + Int64(minute)), volume: Quantity(units: 1))
            if let due = clock.add(bar, completedAt: time + 60_000) { fired.append((time + 60_000, due[0])) }
        }
        #expect(fired.map(\.0) == [1_700_002_800_000, 1_700_006_400_000])  // 23:00 and 00:00
        #expect(fired[0].1.time == start)
        #expect(fired[0].1.volume == Quantity(units: 40))  // 22:20 to 22:59
        #expect(fired[1].1.open == Price(units: 140))
        #expect(fired[1].1.high == Price(units: 299))
        #expect(fired[1].1.volume == Quantity(units: 60))
    }

    @Test func secondsScheduleRebalancesOnTheFirstBar() throws {
        var clock = RebalanceClock(schedule: try RebalanceSchedule(parsing: "120"))
        var fired: [Int64] = []
        for minute in 0..<6 {
            let time = Int64(minute) * 60_000
            if clock.add(flat(time, "1"), completedAt: time + 60_000) != nil { fired.append(time + 60_000) }
        }
        #expect(fired == [60_000, 180_000, 300_000])
    }
}

@Suite("Live runs and their journal")
struct LiveRunTests {
    static func configuration(home: String, name: String = "dca") throws -> LiveRunConfiguration {
        LiveRunConfiguration(
            name: name, home: home, schedule: try RebalanceSchedule(parsing: "1d"), instruments: [try Instrument(symbol: "GOOG/USD", tickSize: p("0.01"), lotSize: q("0.0001"))],
            cash: m("100000"), paper: .init(feeBasisPoints: 10), barMilliseconds: 86_400_000, consoleLevel: .critical)
    }

    static func run(bars: [Bar], home: String) async throws {
        let strategy = try DollarCostAveraging(amount: m("100"))
        try await LiveRun(strategy: strategy, feed: ReplayFeed(bars: bars, speed: 0), configuration: configuration(home: home)).run()
    }

    static func journal(_ home: String, _ file: String) throws -> String {
        try String(contentsOfFile: "\(home)/alphas/dca/live_trading/paper/\(file)", encoding: .utf8)
    }

    @Test func twoSessionsJournalExactlyWhatOneSessionDoes() async throws {
        let bars = Array(try CSVBars.read(dataFile("goog_1d.csv")).prefix(300))
        let once = try TemporaryHome(), twice = try TemporaryHome()
        try await Self.run(bars: bars, home: once.path)
        try await Self.run(bars: Array(bars.prefix(120)), home: twice.path)
        try await Self.run(bars: bars, home: twice.path)  // resumes after bar 120
        #expect(try Self.journal(twice.path, "pos_pnl.csv") == Self.journal(once.path, "pos_pnl.csv"))
        #expect(try Self.journal(twice.path, "orders.csv") == Self.journal(once.path, "orders.csv"))
        let rows = try Self.journal(once.path, "pos_pnl.csv").split(separator: "\n")
        #expect(rows.count == 300)  // header and a fill per bar after the first
        let directory = try RunDirectory(home: twice.path, name: "dca", broker: "paper")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/logs").count == 2)
    }

    @Test func restartRestoresCashPositionsOrderNumbersAndWorkingOrders() async throws {
        let bars = Array(try CSVBars.read(dataFile("goog_1d.csv")).prefix(10))
        let home = try TemporaryHome()
        try await Self.run(bars: bars, home: home.path)
        let directory = try RunDirectory(home: home.path, name: "dca", broker: "paper")
        let state = try JournalState.load(directory, instruments: try Self.configuration(home: home.path).instruments, accountCurrency: "USD", runTag: "live")
        #expect(state.nextOrderNumber == 11)
        #expect(state.lastBarTime == bars.last?.time)
        // The last bar's order is still working: it fills at the next bar, in the next session.
        #expect(state.workingOrders.map(\.id) == ["live-10"])
        #expect(state.positions.first?.quantity.raw ?? 0 > 0)
        #expect(state.cash?["USD"].map { $0 < m("100000") } == true)
    }

    @Test func logTableAndSessionLogRecordTheRun() async throws {
        let home = try TemporaryHome()
        try await Self.run(bars: Array(try CSVBars.read(dataFile("goog_1d.csv")).prefix(5)), home: home.path)
        let directory = try RunDirectory(home: home.path, name: "dca", broker: "paper")
        let log = try RunLog(textPath: "\(home.path)/probe.log", databasePath: directory.databasePath)
        let messages = try await log.database.read { db in try String.fetchAll(db, sql: "SELECT message FROM log ORDER BY id") }
        #expect(messages.first == "live run started")
        #expect(messages.last == "onExit called; journal flushed")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/logs")
        let text = try String(contentsOfFile: directory.path + "/logs/" + files[0], encoding: .utf8)
        #expect(text.contains("onExit called"))
    }

    @Test func cutLastLineIsTerminatedAndIgnored() async throws {
        let bars = Array(try CSVBars.read(dataFile("goog_1d.csv")).prefix(20))
        let home = try TemporaryHome()
        try await Self.run(bars: Array(bars.prefix(10)), home: home.path)
        let path = "\(home.path)/alphas/dca/live_trading/paper/orders.csv"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2004-09-01T00:00:00Z,live-99,GOOG/U".utf8))
        try handle.close()
        try await Self.run(bars: bars, home: home.path)
        let state = try JournalState.load(try RunDirectory(home: home.path, name: "dca", broker: "paper"), instruments: try Self.configuration(home: home.path).instruments, accountCurrency: "USD", runTag: "live")
        #expect(state.nextOrderNumber == 21)
    }
}

/// A temporary `$SIGNET_HOME`, removed afterwards.
final class TemporaryHome {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("signet-home-\(UUID().uuidString)").path
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
