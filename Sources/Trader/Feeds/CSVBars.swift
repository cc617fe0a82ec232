import Foundation

/// Bars from CSV: a header line `timestamp,open,high,low,close,volume` (columns in that order;
/// `time`/`date` accepted for the first), then one bar per line, oldest first. Prices and volumes
/// are decimals, parsed exactly (digits beyond the 8th decimal, floating-point noise in some
/// exports, are rounded half-even). Any bad line is refused with its number and what is wrong.
public enum CSVBars {
    /// Reads every bar of `path` for instrument index `instrument`.
    public static func read(_ path: String, instrument: Int = 0) throws -> [Bar] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraderError(.io, "cannot read bar file \(path): it does not exist or is not readable")
        }
        return try parse(String(decoding: data, as: UTF8.self), instrument: instrument, source: path)
    }

    /// Parses CSV text; `source` names it in errors.
    public static func parse(_ text: String, instrument: Int = 0, source: String = "bars") throws -> [Bar] {
        var bars: [Bar] = []
        var lineNumber = 0
        var sawHeader = false
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            if !sawHeader {
                sawHeader = true
                let names = fields.map { $0.lowercased() }
                guard names.count >= 6, ["timestamp", "time", "date"].contains(names[0]),
                    Array(names[1...5]) == ["open", "high", "low", "close", "volume"]
                else {
                    throw TraderError(.invalidData, "\(source):1: the header must be timestamp,open,high,low,close,volume (got \(trimmed))")
                }
                continue
            }
            func fail(_ what: String) -> TraderError { TraderError(.invalidData, "\(source):\(lineNumber): \(what)") }
            guard fields.count >= 6 else { throw fail("expected 6 fields (timestamp,open,high,low,close,volume), found \(fields.count)") }
            guard let time = Timestamp.parse(fields[0]) else {
                throw fail("'\(fields[0])' is not a timestamp (ISO-8601 such as 2017-04-19T09:00:00Z, or Unix seconds or milliseconds)")
            }
            var prices: [Price] = []
            for (index, name) in ["open", "high", "low", "close"].enumerated() {
                guard let (raw, precision) = FixedPoint.parse(fields[index + 1], roundExcess: true), raw > 0 else {
                    throw fail("\(name) '\(fields[index + 1])' is not a positive decimal price")
                }
                prices.append(Price(raw: raw, precision: precision))
            }
            guard let (volumeRaw, volumePrecision) = FixedPoint.parse(fields[5], roundExcess: true), volumeRaw >= 0 else {
                throw fail("volume '\(fields[5])' is not a non-negative decimal")
            }
            let volume = Quantity(raw: volumeRaw, precision: volumePrecision)
            let (open, high, low, close) = (prices[0], prices[1], prices[2], prices[3])
            guard low <= open, low <= close, high >= open, high >= close else {
                throw fail("inconsistent bar: low \(low) and high \(high) must bracket open \(open) and close \(close)")
            }
            if let last = bars.last, time <= last.time {
                throw fail(
                    "timestamp \(Timestamp.format(time)) is not after the previous bar's \(Timestamp.format(last.time)); "
                        + "bars must be oldest first, one per time")
            }
            bars.append(Bar(instrument: instrument, time: time, open: open, high: high, low: low, close: close, volume: volume))
        }
        guard sawHeader else { throw TraderError(.invalidData, "\(source) is empty: expected a header and bars") }
        return bars
    }

    /// The smallest decimal step seen among the prices of `bars`, as a tick size guess.
    public static func inferredTick(_ bars: [Bar]) -> Price {
        var precision: UInt8 = 0
        for bar in bars.prefix(10_000) {
            precision = max(precision, bar.open.precision, bar.high.precision, bar.low.precision, bar.close.precision)
        }
        return Price(raw: FixedPoint.pow10(FixedPoint.decimals - Int(precision)), precision: precision)
    }
}
