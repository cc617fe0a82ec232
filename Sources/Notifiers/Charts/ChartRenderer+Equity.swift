import Trader

/// Live against simulated equity, for `signet track`.
public struct EquityChartData: Sendable {
    public var title: String
    /// Unix ms, live equity, shadow equity, whether that step diverged.
    public var points: [(time: Int64, live: Money, shadow: Money, diverged: Bool)]

    public init(title: String, points: [(time: Int64, live: Money, shadow: Money, diverged: Bool)]) {
        self.title = title
        self.points = points
    }
}

extension ChartRenderer {
    /// Two equity curves (live solid, shadow dashed) over their difference, divergent steps marked in red.
    public func render(equity data: EquityChartData) throws -> [UInt8] {
        guard data.points.count >= 2 else {
            throw ChartError(.noData, "\(data.title): fewer than two tracked steps; run with --shadow for a while first")
        }
        let canvas = try CairoCanvas(width: width, height: height)
        let colors = theme.palette
        canvas.fill(colors.background, x: 0, y: 0, width: Double(width), height: Double(height))
        let left = 16.0, right = Double(width) - 92, top = 64.0, bottom = Double(height) - 34
        let plotWidth = right - left
        let points = Self.downsample(data.points, to: Int(plotWidth))
        let step = plotWidth / Double(max(points.count - 1, 1))
        func x(_ index: Int) -> Double { left + step * Double(index) }

        let live = points.map(\.live.doubleValue), shadow = points.map(\.shadow.doubleValue)
        let last = points[points.index(before: points.endIndex)]
        canvas.text("\(data.title) · live vs shadow equity", x: 16, y: 30, size: 20, color: colors.text, bold: true)
        canvas.text(
            "\(Self.time(points.first?.time ?? 0)) → \(Self.time(last.time)) UTC", x: Double(width) - 16, y: 30, size: 14,
            color: colors.muted, align: .right)
        let divergent = points.filter(\.diverged).count
        canvas.text(
            "live \(last.live)   shadow \(last.shadow)   difference \(last.live - last.shadow)   \(divergent) divergent steps",
            x: 16, y: 52, size: 13, color: colors.muted)
        canvas.text("— live   - - shadow", x: Double(width) - 16, y: 52, size: 13, color: colors.muted, align: .right)

        let split = top + (bottom - top) * 0.7
        let upper = Panel(top: top, bottom: split - 6), lower = Panel(top: split + 6, bottom: bottom)
        let scale = Scale(
            low: min(live.min() ?? 0, shadow.min() ?? 0), high: max(live.max() ?? 1, shadow.max() ?? 1), top: upper.top,
            bottom: upper.bottom, padding: 0.05)
        panel(canvas, upper, scale: scale, label: "Equity", colors: colors, left: left, right: right)
        for (index, point) in points.enumerated() where point.diverged {
            canvas.fill(colors.sell, x: x(index) - 1, y: upper.top, width: 2, height: upper.bottom - upper.top)
        }
        canvas.stroke(colors.muted, lineWidth: 2, dash: [6, 4], shadow.enumerated().map { (x($0.offset), scale.y($0.element)) })
        canvas.stroke(colors.line, lineWidth: 2, live.enumerated().map { (x($0.offset), scale.y($0.element)) })
        line(
            canvas, zip(live, shadow).map { $0 - $1 }, panel: lower, label: "Live − shadow", stepped: false, x: x, colors: colors,
            left: left, right: right)
        let times = points.map(\.time)
        drawTimeAxis(
            canvas, times: times, x: x, y: bottom,
            spacing: times.count > 1 ? (times[times.count - 1] - times[0]) / Int64(times.count - 1) : 0, colors: colors)
        return try canvas.png()
    }

    /// At most `count` points over the whole run: the last point of each bucket, marked diverged
    /// when any step in the bucket diverged.
    static func downsample(
        _ points: [(time: Int64, live: Money, shadow: Money, diverged: Bool)], to count: Int
    ) -> [(time: Int64, live: Money, shadow: Money, diverged: Bool)] {
        guard points.count > count, count > 1 else { return points }
        return (0..<count).map { bucket in
            let start = points.count * bucket / count, end = max(start + 1, points.count * (bucket + 1) / count)
            var point = points[end - 1]
            point.diverged = points[start..<end].contains { $0.diverged }
            return point
        }
    }
}
