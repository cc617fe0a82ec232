import Trader

extension ChartRenderer {
    func drawTitle(
        _ canvas: CairoCanvas, _ data: ChartData, bars: [Bar], ledger: [(position: Double, pnl: Double)], colors: ChartTheme.Palette
    ) {
        canvas.text("\(data.symbol) · \(data.timeframeLabel)", x: 16, y: 30, size: 20, color: colors.text, bold: true)
        let span = "\(Self.time(bars.first?.time ?? 0)) → \(Self.time(bars.last?.time ?? 0)) UTC"
        canvas.text(span, x: Double(width) - 16, y: 30, size: 14, color: colors.muted, align: .right)
        guard let last = bars.last else { return }
        let change = bars.count > 1 && bars[0].open.doubleValue != 0 ? (last.close.doubleValue / bars[0].open.doubleValue - 1) * 100 : 0
        var summary = "last \(last.close)   \(change >= 0 ? "+" : "")\(Self.number(change, decimals: 2))% over the chart"
        if let state = ledger.last, !data.fills.isEmpty {
            summary += "   position \(Self.number(state.position, decimals: 6))   PnL \(Self.number(state.pnl, decimals: 2))"
                + "   \(data.fills.count) fills"
            canvas.text("▲ buy  ▼ sell", x: Double(width) - 16, y: 52, size: 13, color: colors.muted, align: .right)
        }
        canvas.text(summary, x: 16, y: 52, size: 13, color: colors.muted)
    }

    func panel(
        _ canvas: CairoCanvas, _ panel: Panel, scale: Scale, label: String?, colors: ChartTheme.Palette, left: Double, right: Double
    ) {
        canvas.fill(colors.panel, x: left, y: panel.top, width: right - left, height: panel.bottom - panel.top)
        let lines = panel.bottom - panel.top > 200 ? 6 : 2
        var values = (0...lines).map { scale.low + (scale.high - scale.low) * Double($0) / Double(lines) }
        // Small panels: bottom, zero (where it shows) and top read better than a midpoint.
        if lines == 2, scale.low < 0, scale.high > 0 { values[1] = 0 }
        for value in values {
            let y = scale.y(value)
            canvas.stroke(colors.grid, lineWidth: 1, [(left, y), (right, y)])
            canvas.text(Self.compact(value), x: right + 6, y: y + 4, size: 11, color: colors.muted)
        }
        if let label { canvas.text(label, x: left + 6, y: panel.top + 14, size: 11, color: colors.muted, bold: true) }
    }

    func line(
        _ canvas: CairoCanvas, _ values: [Double], panel: Panel, label: String, stepped: Bool, x: (Int) -> Double,
        colors: ChartTheme.Palette, left: Double, right: Double
    ) {
        let scale = Scale(
            low: min(values.min() ?? 0, 0), high: max(values.max() ?? 0, 0), top: panel.top, bottom: panel.bottom, padding: 0.1)
        self.panel(canvas, panel, scale: scale, label: label, colors: colors, left: left, right: right)
        canvas.stroke(colors.muted, lineWidth: 1, dash: [4, 4], [(left, scale.y(0)), (right, scale.y(0))])
        var points: [(Double, Double)] = []
        for (index, value) in values.enumerated() {
            if stepped, let previous = points.last { points.append((x(index), previous.1)) }
            points.append((x(index), scale.y(value)))
        }
        canvas.stroke(colors.line, lineWidth: 2, points)
    }

    /// A triangle under the price for a buy, over it for a sell, pointing at the fill price.
    func drawFills(
        _ canvas: CairoCanvas, _ fills: [JournalFill], bars: [Bar], spacing: Int64, x: (Int) -> Double, scale: Scale,
        colors: ChartTheme.Palette
    ) {
        guard let start = bars.first?.time else { return }
        var index = 0
        for fill in fills where fill.time >= start {
            while index + 1 < bars.count, bars[index + 1].time <= fill.time { index += 1 }
            let px = x(index), py = scale.y(fill.price.doubleValue)
            let size = 7.0
            if fill.side == .buy {
                canvas.fillPolygon(colors.buy, [(px, py), (px - size, py + size * 1.6), (px + size, py + size * 1.6)])
            } else {
                canvas.fillPolygon(colors.sell, [(px, py), (px - size, py - size * 1.6), (px + size, py - size * 1.6)])
            }
        }
    }

    /// Up to six time labels under the plot, at the points of `times` (Unix ms) they name.
    func drawTimeAxis(_ canvas: CairoCanvas, times: [Int64], x: (Int) -> Double, y: Double, spacing: Int64, colors: ChartTheme.Palette) {
        let ticks = min(6, times.count)
        guard ticks > 0 else { return }
        let daily = spacing >= 86_400_000
        for tick in 0..<ticks {
            let index = ticks == 1 ? 0 : (times.count - 1) * tick / (ticks - 1)
            let full = Self.time(times[index])
            let label = daily ? String(full.prefix(10)) : String(full.dropFirst(5))
            let align: CairoCanvas.Alignment = tick == 0 ? .left : tick == ticks - 1 ? .right : .center
            canvas.text(label, x: x(index), y: y + 20, size: 11, color: colors.muted, align: align)
        }
    }

    /// "2017-04-19 09:00".
    static func time(_ milliseconds: Int64) -> String {
        let iso = Timestamp.format(milliseconds)
        return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    static func number(_ value: Double, decimals: Int) -> String {
        let scale = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// Axis labels: 1.07219, 64 250, 1.2M.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        switch magnitude {
        case 1e9...: return number(value / 1e9, decimals: 2) + "B"
        case 1e6...: return number(value / 1e6, decimals: 2) + "M"
        case 1e4...: return number(value / 1e3, decimals: 1) + "k"
        case 100...: return number(value, decimals: 1)
        case 1...: return number(value, decimals: 3)
        default: return number(value, decimals: 5)
        }
    }
}
