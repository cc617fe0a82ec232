import ArgumentParser
import Foundation
import Notifiers
import SignalSubscriber
import SignetApp
import Trader

/// `signet track NAME`: how a live run compares with its shadow simulation, and how a mirror copied its publisher.
struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Report a live run against its shadow simulation (run it with --shadow), its slippage, "
            + "and for a mirror its copy latency.",
        discussion: """
            Reads the run's log.sqlite (tables tracking and tracked_trades, written when the run has --shadow) and, for a \
            mirror, its inbox.sqlite and orders.csv. Prints live and simulated equity, the divergent steps, each fill's \
            slippage against the price the strategy or the signal saw and against the shadow's fill, and for a mirror the \
            signal age on arrival, the time to order, the slippage against the publisher's price and own fill, and the \
            signals not copied by reason. --out writes live against shadow equity as a PNG.
            """)

    @Argument(help: "The run's name.")
    var name: String
    @Option(help: ArgumentHelp("The venue the run traded on: \(VenueName.list).", valueName: "venue"), transform: VenueName.parse)
    var broker: VenueName = .paper
    @Option(help: "Journal home (default $SIGNET_HOME or ~/.signet).")
    var home: String?
    @Option(help: ArgumentHelp("Write live against shadow equity to this PNG file.", valueName: "file.png"))
    var out: String?
    @Option(name: .customLong("chart"), help: .hidden)
    var oldChart: String?
    @Option(help: "Divergent steps listed.")
    var show: Int = 5

    func run() async throws {
        let directory = try RunDirectory(home: home ?? RunDirectory.defaultHome(), name: name, broker: broker.rawValue)
        guard FileManager.default.fileExists(atPath: directory.databasePath) else {
            throw ValidationError("no run '\(name)' with broker \(broker) in \(directory.path): check the name, --broker and --home")
        }
        Console.out("run: \(name) (\(broker)) at \(directory.path)")
        let rows = try TrackingTable.rows(databasePath: directory.databasePath)
        if let first = rows.first, let last = rows.last {
            let difference = last.liveEquity - last.shadowEquity
            let bps = last.shadowEquity.raw == 0 ? 0 : Int64(Int128(difference.raw) * 10_000 / Int128(last.shadowEquity.raw))
            Console.out("tracked: \(rows.count) steps, \(Timestamp.format(first.time)) → \(Timestamp.format(last.time))")
            Console.out("equity: live \(last.liveEquity), shadow \(last.shadowEquity), live − shadow \(difference) (\(bps) bp)")
            let divergent = rows.filter(\.diverged)
            Console.out("divergent steps: \(divergent.count)")
            for row in divergent.prefix(show) { Console.out("  \(Timestamp.format(row.time)): \(row.reasons)") }
            if divergent.count > show { Console.out("  … \(divergent.count - show) more (--show N)") }
        } else {
            Console.out("tracked: no shadow comparisons (run it with --shadow to record them)")
        }
        let trades = try TrackingTable.trades(databasePath: directory.databasePath)
        if !trades.isEmpty {
            Console.out(
                "fills: \(trades.count); slippage against the price seen \(Self.summary(trades.compactMap(\.slippageBasisPoints))); "
                    + "against the shadow's fill \(Self.summary(trades.compactMap(\.shadowSlippageBasisPoints)))")
        }
        let inboxPath = "\(directory.path)/inbox.sqlite"
        if FileManager.default.fileExists(atPath: inboxPath) {
            let metrics = try CopyMetrics(inbox: try Inbox(path: inboxPath), ordersPath: directory.ordersPath)
            Console.out("copied fills: \(metrics.trades.count)")
            Console.out("  signal age on arrival: \(Self.latency(metrics.trades.map(\.ageOnArrival)))")
            Console.out("  time to order: \(Self.latency(metrics.trades.compactMap(\.timeToOrder)))")
            Console.out("  slippage against the signalled price: \(Self.summary(metrics.trades.compactMap(\.signalSlippage)))")
            Console.out("  slippage against the publisher's fill: \(Self.summary(metrics.trades.compactMap(\.publisherSlippage)))")
            let skipped = metrics.skipped.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
            Console.out("  not copied: \(skipped.isEmpty ? "none" : skipped.joined(separator: "; "))")
        }
        if let chart = Deprecated.pick(out, old: oldChart, oldName: "--chart FILE.png", newName: "--out FILE.png") {
            let points = rows.map { (time: $0.time, live: $0.liveEquity, shadow: $0.shadowEquity, diverged: $0.diverged) }
            let png = try ChartRenderer().render(equity: EquityChartData(title: name, points: points))
            guard FileManager.default.createFile(atPath: chart, contents: Data(png)) else { throw ValidationError("cannot write \(chart)") }
            Console.note("chart: \(chart)")
        }
    }

    /// "mean 1.2 bp, worst 7 bp" (positive is worse for the trader).
    static func summary(_ values: [Int64]) -> String {
        guard !values.isEmpty else { return "n/a" }
        let mean = Double(values.reduce(0, +)) / Double(values.count)
        return "mean \((mean * 10).rounded() / 10) bp, worst \(values.max() ?? 0) bp, best \(values.min() ?? 0) bp"
    }

    static func latency(_ values: [Int64]) -> String {
        guard !values.isEmpty else { return "n/a" }
        let sorted = values.sorted()
        return "p50 \(StatusCommand.percentile(sorted, 50)) ms, p99 \(StatusCommand.percentile(sorted, 99)) ms, max \(sorted.last ?? 0) ms"
    }
}
