import Trader

/// Draws a signal's chart with Cairo: candlesticks with volume, buy and sell markers at the fill
/// prices, the position over time and the profit curve, under a title with the instrument,
/// timeframe and time span. PNG, 1280×720 by default, DejaVu Sans.
public struct ChartRenderer: Sendable {
    public var width: Int
    public var height: Int
    public var theme: ChartTheme

    public init(width: Int = 1280, height: Int = 720, theme: ChartTheme = .light) {
        self.width = width
        self.height = height
        self.theme = theme
    }

    /// The chart as PNG bytes. With more bars than fit (4 px each), the latest ones are shown;
    /// earlier fills still count in the position and profit.
    public func render(_ data: ChartData) throws -> [UInt8] {
        guard !data.bars.isEmpty else {
            throw ChartError(.noData, "no bars to draw for \(data.symbol): give a bar file with at least one row")
        }
        let canvas = try CairoCanvas(width: width, height: height)
        let colors = theme.palette
        canvas.fill(colors.background, x: 0, y: 0, width: Double(width), height: Double(height))

        let left = 16.0, right = Double(width) - 92, top = 64.0, bottom = Double(height) - 34
        let plotWidth = right - left
        let visibleCount = min(data.bars.count, max(1, Int(plotWidth / 4)))
        let first = data.bars.count - visibleCount
        let bars = Array(data.bars[first...])
        let ledger = Array(data.ledger[first...])
        let step = plotWidth / Double(visibleCount)
        func x(_ index: Int) -> Double { left + step * (Double(index) + 0.5) }

        let traded = !data.fills.isEmpty
        let layout = Self.layout(top: top, bottom: bottom, traded: traded)
        drawTitle(canvas, data, bars: bars, ledger: ledger, colors: colors)

        // Price.
        let price = layout.price
        let low = bars.map(\.low.doubleValue).min() ?? 0, high = bars.map(\.high.doubleValue).max() ?? 1
        let priceScale = Scale(low: low, high: high, top: price.top, bottom: price.bottom, padding: 0.04)
        panel(canvas, price, scale: priceScale, label: nil, colors: colors, left: left, right: right)
        canvas.clip(x: left, y: price.top, width: plotWidth, height: price.bottom - price.top)
        for (index, bar) in bars.enumerated() {
            let rising = bar.close >= bar.open
            let color = rising ? colors.up : colors.down
            canvas.stroke(
                color, lineWidth: 1, [(x(index), priceScale.y(bar.high.doubleValue)), (x(index), priceScale.y(bar.low.doubleValue))])
            let open = priceScale.y(bar.open.doubleValue), close = priceScale.y(bar.close.doubleValue)
            let body = max(1, step * 0.7)
            canvas.fill(color, x: x(index) - body / 2, y: min(open, close), width: body, height: max(1, abs(open - close)))
        }
        drawFills(canvas, data.fills, bars: bars, spacing: data.barSpacing, x: x, scale: priceScale, colors: colors)
        canvas.unclip()

        // Volume.
        let volume = layout.volume
        let maxVolume = bars.map(\.volume.doubleValue).max() ?? 0
        let volumeScale = Scale(low: 0, high: max(maxVolume, 1e-9), top: volume.top, bottom: volume.bottom, padding: 0)
        panel(canvas, volume, scale: volumeScale, label: "Volume", colors: colors, left: left, right: right)
        for (index, bar) in bars.enumerated() {
            let top = volumeScale.y(bar.volume.doubleValue)
            canvas.fill(colors.volume, x: x(index) - max(1, step * 0.7) / 2, y: top, width: max(1, step * 0.7), height: volume.bottom - top)
        }

        if let positionPanel = layout.position, let pnlPanel = layout.pnl {
            line(
                canvas, ledger.map(\.position), panel: positionPanel, label: "Position", stepped: true, x: x, colors: colors, left: left,
                right: right)
            line(canvas, ledger.map(\.pnl), panel: pnlPanel, label: "PnL", stepped: false, x: x, colors: colors, left: left, right: right)
        }
        drawTimeAxis(canvas, times: bars.map(\.time), x: x, y: bottom, spacing: data.barSpacing, colors: colors)
        return try canvas.png()
    }

    struct Panel {
        var top: Double
        var bottom: Double
    }

    static func layout(top: Double, bottom: Double, traded: Bool) -> (price: Panel, volume: Panel, position: Panel?, pnl: Panel?) {
        let gap = 10.0
        let shares: [Double] = traded ? [0.55, 0.13, 0.14, 0.18] : [0.8, 0.2]
        let usable = bottom - top - gap * Double(shares.count - 1)
        var panels: [Panel] = []
        var cursor = top
        for share in shares {
            panels.append(Panel(top: cursor, bottom: cursor + usable * share))
            cursor += usable * share + gap
        }
        return (panels[0], panels[1], traded ? panels[2] : nil, traded ? panels[3] : nil)
    }

    /// Maps values to pixel rows.
    struct Scale {
        var low: Double
        var high: Double
        var top: Double
        var bottom: Double

        init(low: Double, high: Double, top: Double, bottom: Double, padding: Double) {
            let span = high > low ? high - low : max(abs(high), 1) * 0.02
            let center = high > low ? 0 : low
            self.low = high > low ? low - span * padding : center - span
            self.high = high > low ? high + span * padding : center + span
            self.top = top
            self.bottom = bottom
        }

        func y(_ value: Double) -> Double { bottom - (value - low) / (high - low) * (bottom - top) }
    }
}
