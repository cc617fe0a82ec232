import Foundation
import Notifiers
import Trader

/// What a publisher's chart is drawn from (the recent bars of each instrument and the fills
/// among them) and when the next one is due: a chart goes with a target snapshot at most once
/// per interval, so a fast engine neither stalls on rendering nor floods a chat's rate limit.
struct ChartHistory {
    /// How a publisher attaches charts.
    struct Settings: Sendable {
        var renderer: ChartRenderer
        /// Seconds between two charts at the least (0: with every snapshot).
        var interval: Int64
        /// Shown in the title (`1h`).
        var timeframe: String?
    }

    static let keptBars = 240
    let settings: Settings
    let instruments: [Instrument]
    let now: () -> Int64
    private var bars: [[Bar]]
    private var fills: [JournalFill] = []
    private var lastChart: Int64?

    init(settings: Settings, instruments: [Instrument], now: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.settings = settings
        self.instruments = instruments
        self.now = now
        bars = Array(repeating: [], count: instruments.count)
    }

    mutating func add(_ bar: Bar) {
        guard bar.instrument < bars.count else { return }
        bars[bar.instrument].append(bar)
        if bars[bar.instrument].count > Self.keptBars * 2 { bars[bar.instrument].removeFirst(bars[bar.instrument].count - Self.keptBars) }
    }

    mutating func add(_ fill: JournalFill) {
        fills.append(fill)
        if fills.count > 2_000 { fills.removeFirst(1_000) }
    }

    /// Whether a chart goes with the snapshot being recorded now (and, if so, starts the interval).
    mutating func due() -> Bool {
        let time = now()
        if let last = lastChart, time - last < settings.interval * 1000 { return false }
        lastChart = time
        return true
    }

    /// The chart of `instrument`: its recent bars, with the fills among them.
    func render(_ instrument: Int) throws -> [UInt8] {
        let recent = Array(bars[instrument].suffix(Self.keptBars))
        let symbol = instruments[instrument].symbol
        let since = recent.first?.time ?? .min
        return try settings.renderer.render(
            ChartData(
                symbol: symbol, bars: recent, fills: fills.filter { $0.symbol == symbol && $0.time >= since },
                timeframe: settings.timeframe))
    }
}
