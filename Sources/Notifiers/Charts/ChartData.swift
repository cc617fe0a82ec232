import Trader

/// What a chart shows: one instrument's bars and the fills traded on it.
public struct ChartData: Sendable {
    public var symbol: String
    /// Bars, oldest first.
    public var bars: [Bar]
    /// Fills of this instrument, oldest first; they drive the markers, position and PnL panels.
    public var fills: [JournalFill]
    /// "1h", "1d"…; inferred from the bar spacing when `nil`.
    public var timeframe: String?

    public init(symbol: String, bars: [Bar], fills: [JournalFill] = [], timeframe: String? = nil) {
        self.symbol = symbol
        self.bars = bars
        self.fills = fills
        self.timeframe = timeframe
    }

    /// The typical bar spacing in milliseconds (the median gap).
    var barSpacing: Int64 {
        guard bars.count > 1 else { return 60_000 }
        let gaps = zip(bars.dropFirst(), bars).map { $0.time - $1.time }.sorted()
        return max(gaps[gaps.count / 2], 1)
    }

    /// The timeframe as traders write it.
    var timeframeLabel: String {
        if let timeframe { return timeframe }
        let minutes = barSpacing / 60_000
        switch minutes {
        case 40_000...: return "\(max(1, minutes / 43_200))mo"
        case 10_080..<40_000: return "\(minutes / 10_080)w"
        case 1_440..<10_080: return "\(minutes / 1_440)d"
        case 60..<1_440: return "\(minutes / 60)h"
        default: return "\(max(1, minutes))m"
        }
    }

    /// Position and profit after each bar (fills up to the bar's end counted), from the fills alone.
    var ledger: [(position: Double, pnl: Double)] {
        let spacing = barSpacing
        var cash = 0.0
        var position = 0.0
        var next = 0
        return bars.map { bar in
            while next < fills.count, fills[next].time < bar.time + spacing {
                let fill = fills[next]
                let signed = (fill.side == .buy ? 1.0 : -1.0) * fill.quantity.doubleValue
                position += signed
                cash -= signed * fill.price.doubleValue + Double(fill.fee.raw) / Double(FixedPoint.scale)
                next += 1
            }
            return (position, cash + position * bar.close.doubleValue)
        }
    }
}

/// Light (for white chat backgrounds) or dark.
public enum ChartTheme: String, Sendable, CaseIterable {
    case light, dark

    struct Palette {
        var background: ChartColor
        var panel: ChartColor
        var grid: ChartColor
        var text: ChartColor
        var muted: ChartColor
        var up: ChartColor
        var down: ChartColor
        var buy: ChartColor
        var sell: ChartColor
        var line: ChartColor
        var volume: ChartColor
    }

    var palette: Palette {
        switch self {
        case .light:
            Palette(
                background: .init(hex: 0xFFFFFF), panel: .init(hex: 0xF7F8FA), grid: .init(hex: 0xE3E6EB), text: .init(hex: 0x1F2328),
                muted: .init(hex: 0x6A737D), up: .init(hex: 0x1A9E5F), down: .init(hex: 0xD64545), buy: .init(hex: 0x1565C0),
                sell: .init(hex: 0xE07B00), line: .init(hex: 0x5B4FC7), volume: .init(hex: 0x8C96A3, alpha: 0.55))
        case .dark:
            Palette(
                background: .init(hex: 0x14171C), panel: .init(hex: 0x1B1F26), grid: .init(hex: 0x2A303A), text: .init(hex: 0xE6E8EB),
                muted: .init(hex: 0x8B94A1), up: .init(hex: 0x2EBD7A), down: .init(hex: 0xEF5350), buy: .init(hex: 0x4FA3FF),
                sell: .init(hex: 0xFFA726), line: .init(hex: 0xA594FF), volume: .init(hex: 0x6B7480, alpha: 0.6))
        }
    }
}
