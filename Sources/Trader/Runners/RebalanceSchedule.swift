/// When a live strategy rebalances (the seed's `run_live(freq:)`): a preset (`1m 5m 15m 30m 1h 4h
/// 1d`) rebalances at bar start times, aligned to the UTC epoch; a number of seconds (`90`, `0.5`)
/// rebalances immediately and then every that many seconds.
public enum RebalanceSchedule: Hashable, Sendable, CustomStringConvertible {
    case aligned(milliseconds: Int64)
    case every(milliseconds: Int64)

    public static let presets: [(String, Int64)] = [
        ("1m", 60_000), ("5m", 300_000), ("15m", 900_000), ("30m", 1_800_000), ("1h", 3_600_000), ("4h", 14_400_000), ("1d", 86_400_000),
    ]

    /// Parses `--freq`.
    public init(parsing text: String) throws {
        if let preset = Self.presets.first(where: { $0.0 == text }) {
            self = .aligned(milliseconds: preset.1)
            return
        }
        guard let (raw, _) = FixedPoint.parse(Substring(text)), raw > 0,
            let milliseconds = FixedPoint.mulDiv(raw, 1000, FixedPoint.scale, rounding: .toNearestOrEven), milliseconds >= 1
        else {
            throw TraderError(
                .invalidConfiguration,
                "--freq \(text) is not a frequency: use one of \(Self.presets.map(\.0).joined(separator: " ")) "
                    + "or a number of seconds such as 90 or 0.5")
        }
        self = .every(milliseconds: milliseconds)
    }

    public var description: String {
        switch self {
        case .aligned(let ms): Self.presets.first { $0.1 == ms }?.0 ?? "\(ms) ms aligned"
        case .every(let ms): "every \(FixedPoint.format(ms * 100_000, precision: 3)) s"
        }
    }

    /// The first rebalance time for a run starting at `start` (Unix ms): the next bar start for a
    /// preset (or `start` itself if it is one), `start` itself for a number of seconds.
    public func first(atOrAfter start: Int64) -> Int64 {
        switch self {
        case .aligned(let interval):
            let floor = Timestamp.floorDivide(start, interval) * interval
            return floor == start ? start : floor + interval
        case .every:
            return start
        }
    }

    /// The rebalance after one due at `due`, skipping any already passed by `now`.
    public func next(after due: Int64, now: Int64) -> Int64 {
        switch self {
        case .aligned(let interval):
            return (Timestamp.floorDivide(max(due, now), interval) + 1) * interval
        case .every(let interval):
            var next = due + interval
            if next <= now { next += ((now - next) / interval + 1) * interval }
            return next
        }
    }
}

/// Tracks the next rebalance and aggregates the bars seen since the last one into the bar the
/// strategy is handed (open of the first, extremes, close of the last, summed volume).
public struct RebalanceClock: Sendable {
    public let schedule: RebalanceSchedule
    public private(set) var nextDue: Int64?
    private var pending: [Int: Bar] = [:]

    public init(schedule: RebalanceSchedule) { self.schedule = schedule }

    /// Adds a completed bar; `now` is the time it completed (its start plus its length).
    /// Returns the aggregated bars to rebalance on if a rebalance is due, else nil.
    public mutating func add(_ bar: Bar, completedAt now: Int64) -> [Bar]? {
        if var merged = pending[bar.instrument] {
            merged.high = max(merged.high, bar.high)
            merged.low = min(merged.low, bar.low)
            merged.close = bar.close
            merged.volume = merged.volume + bar.volume
            pending[bar.instrument] = merged
        } else {
            pending[bar.instrument] = bar
        }
        let due = nextDue ?? schedule.first(atOrAfter: now)
        guard now >= due else {
            nextDue = due
            return nil
        }
        nextDue = schedule.next(after: due, now: now)
        let bars = pending.values.sorted { $0.instrument < $1.instrument }
        pending.removeAll(keepingCapacity: true)
        return bars
    }
}
