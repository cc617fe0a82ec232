import Synchronization
import Testing
@testable import Trader

/// A clock that never waits: it records each requested sleep and moves its time forward by it.
final class RecordingClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    var now: Instant { Instant(offset: state.withLock { $0.now }) }
    var minimumResolution: Duration { .zero }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        state.withLock { state in
            state.sleeps.append(deadline.offset - state.now)
            state.now = deadline.offset
        }
    }
}

@Suite("Feed pacing with an injected clock")
struct FeedPacingTests {
    @Test func replayWaitsEachBarsGapDividedBySpeed() async throws {
        let bars = [flat(0, "1"), flat(3_600_000, "1"), flat(7_200_000, "1"), flat(14_400_000, "1")]  // a 2-hour gap at the end
        let clock = RecordingClock()
        var delivered: [Int64] = []
        for try await bar in ReplayFeed(bars: bars, speed: 60, clock: clock) { delivered.append(bar.time) }
        #expect(delivered == bars.map(\.time))
        #expect(clock.sleeps == [.seconds(60), .seconds(60), .seconds(60), .seconds(120)])
    }

    @Test func speedZeroNeverWaits() async throws {
        let clock = RecordingClock()
        var count = 0
        for try await _ in ReplayFeed(bars: (0..<10).map { flat(Int64($0) * 60_000, "1") }, speed: 0, clock: clock) { count += 1 }
        #expect(count == 10)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func syntheticFeedIsSeededAlignedAndPaced() async throws {
        let clock = RecordingClock()
        var bars: [Bar] = []
        for try await bar in SyntheticFeed(seed: 9, start: 1_700_000_012_345, speed: 2, count: 3, clock: clock) { bars.append(bar) }
        #expect(bars.map(\.time) == [1_699_999_980_000, 1_700_000_040_000, 1_700_000_100_000])
        #expect(bars == Array(RandomWalk(seed: 9, count: 3, start: 1_699_999_980_000)))
        #expect(clock.sleeps == [.seconds(30), .seconds(30), .seconds(30)])
    }
}

/// A strategy that keeps a table of its own in the run's database.
struct TableWriter: Strategy, Sendable {
    mutating func onStart(_ context: StrategyContext) {
        try? context.database?.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS signals_seen (time INTEGER, close TEXT)") }
    }

    mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        try? context.database?.write { db in
            try db.execute(sql: "INSERT INTO signals_seen (time, close) VALUES (?, ?)", arguments: [bar.time, bar.close.description])
        }
    }
}

@Suite("Strategy tables")
struct StrategyTableTests {
    @Test func aStrategyWritesItsOwnTableBesideTheLogTable() async throws {
        let home = try TemporaryHome()
        let bars = Array(try CSVBars.read(dataFile("btcusd_1mo.csv")).prefix(12))
        let configuration = LiveRunConfiguration(
            name: "tables", home: home.path, schedule: try RebalanceSchedule(parsing: "1d"), instruments: [btc()], cash: m("1000"),
            barMilliseconds: 86_400_000, consoleLevel: .critical)
        try await LiveRun(strategy: TableWriter(), feed: ReplayFeed(bars: bars, speed: 0), configuration: configuration).run()
        let directory = try RunDirectory(home: home.path, name: "tables", broker: "paper")
        let log = try RunLog(textPath: "\(home.path)/probe.log", databasePath: directory.databasePath)
        let rows = try await log.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM signals_seen") }
        #expect(rows == 12)
        let logRows = try await log.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log") }
        #expect((logRows ?? 0) >= 2)
    }
}
