import Foundation
import SignetApp

// signet-bench FIGURE: prints a figure's measurements, its last line `key=value …`.
let arguments = CommandLine.arguments.dropFirst()
let usage = "usage: signet-bench crypto [--seconds S] | backtest | outbox | latency [--signals N] | shadow"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

guard let figure = arguments.first else { fail(usage) }
var seconds = 3.0
if let index = arguments.firstIndex(of: "--seconds"), arguments.index(after: index) < arguments.endIndex {
    guard let value = Double(arguments[arguments.index(after: index)]), value > 0 else { fail("--seconds takes a positive number") }
    seconds = value
}

switch figure {
case "crypto":
    do {
        let r = try CryptoBenchmark.run(seconds: seconds)
        func f(_ key: String) -> String { String(format: "%.0f", r[key]!) }
        print("512-byte signal; Signet and the raw loop alternate in 10 rounds, \(seconds) s each in all, best round kept")
        print("seal to a text line: signet \(f("signet_seal_per_s"))/s   raw libsodium loop \(f("raw_seal_per_s"))/s")
        print("open a text line:    signet \(f("signet_open_per_s"))/s (replay-checked)   raw libsodium loop \(f("raw_open_per_s"))/s")
        print(String(format: "seal_ratio=%.3f open_ratio=%.3f", r["seal_ratio"]!, r["open_ratio"]!))
    } catch {
        fail("crypto benchmark failed: \(error)")
    }
case "outbox":
    do {
        let count = 20_000
        let single = try OutboxBenchmark.run(signals: count)
        let stepped = try OutboxBenchmark.run(signals: count, step: 3)
        print("\(count) fill signals sealed and stored in the outbox, two outputs")
        print(String(format: "one transaction per signal: %.3f s, %.0f/s", single.seconds, single.perSecond))
        print(String(
            format: "one transaction per engine step of 3 signals (as the live recorder stores them): %.3f s, %.0f/s",
            stepped.seconds, stepped.perSecond))
        print(String(format: "outbox_per_s=%.0f outbox_single_per_s=%.0f", stepped.perSecond, single.perSecond))
    } catch {
        fail("outbox benchmark failed: \(error)")
    }
case "backtest":
    do {
        let count = 1_000_000
        let r = try BacktestBenchmark.run(bars: count)
        print("sma-cross 10/30 over \(count) synthetic 1-minute bars, fees 10 bps, slippage 1 bp, equity every bar; best of 5 runs")
        print(String(format: "%.3f s, end equity %@", r.seconds, r.endEquity.description))
        print(String(format: "bars_per_s=%.0f trades=%d", r.barsPerSecond, r.trades))
    } catch {
        fail("backtest benchmark failed: \(error)")
    }
case "latency":
    var count = 1000
    if let index = arguments.firstIndex(of: "--signals"), arguments.index(after: index) < arguments.endIndex {
        guard let value = Int(arguments[arguments.index(after: index)]), value > 0 else { fail("--signals takes a positive whole number") }
        count = value
    }
    do {
        var figures: [String] = []
        print(
            "\(count) order signals, 4 ms apart: engine event → sealed into the outbox → posted → received by the subscriber "
                + "→ opened → inbox → mirrored order journaled and accepted by its paper broker")
        for transport in [LatencyBenchmark.Transport.slack, .telegram] {
            let latencies = try await LatencyBenchmark.run(transport, signals: count)
            let p50 = LatencyBenchmark.percentile(latencies, 50), p99 = LatencyBenchmark.percentile(latencies, 99)
            print(String(
                format: "%@ (%@): p50 %.2f ms, p99 %.2f ms, max %.2f ms", transport.rawValue,
                transport == .slack ? "Socket Mode" : "long polling", p50, p99, latencies.last ?? 0))
            figures.append(String(format: "%@_p50_ms=%.2f %@_p99_ms=%.2f", transport.rawValue, p50, transport.rawValue, p99))
        }
        let outbox = try OutboxBenchmark.run(signals: 20_000, step: 3)
        print(String(format: "outbox: %.0f signals/s sealed and stored, one transaction per engine step of 3", outbox.perSecond))
        print(figures.joined(separator: " ") + String(format: " outbox_per_s=%.0f", outbox.perSecond))
    } catch {
        fail("latency benchmark failed: \(error)")
    }
case "shadow":
    do {
        let count = 20_000
        let r = try await ShadowBenchmark.run(bars: count)
        print("live run of sma-cross 10/30 over \(count) 1-minute bars replayed as fast as possible, journal synced every step; best of 3")
        print(String(
            format: "without shadow: %.0f steps/s   with shadow: %.0f steps/s   (%.1f%% slower)", r.plain, r.shadowed,
            (1 - r.shadowed / r.plain) * 100))
        print(String(
            format: "live_steps_per_s=%.0f shadowed_steps_per_s=%.0f shadow_overhead=%.3f", r.plain, r.shadowed, r.plain / r.shadowed - 1))
    } catch {
        fail("shadow benchmark failed: \(error)")
    }
default:
    fail(usage)
}
