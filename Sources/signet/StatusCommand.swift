import ArgumentParser
import Foundation
import SignalPublisher
import SignalSubscriber
import SignetApp
import Trader

/// `signet status NAME`: what a live, publishing or mirroring run holds and has done.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a run's positions, orders, signals published or received, the last signal and the lag.",
        discussion: "Reads the run's journal folder only; safe while the run is going.")

    @Argument(help: "The run's name (--name of live, publish or mirror).")
    var name: String
    @Option(help: ArgumentHelp("The venue the run traded on: \(VenueName.list).", valueName: "venue"), transform: VenueName.parse)
    var broker: VenueName = .paper
    @Option(help: "Journal home (default $SIGNET_HOME or ~/.signet).")
    var home: String?

    func run() async throws {
        let directory = try RunDirectory(home: home ?? RunDirectory.defaultHome(), name: name, broker: broker.rawValue)
        guard FileManager.default.fileExists(atPath: directory.ordersPath)
            || FileManager.default.fileExists(atPath: "\(directory.path)/inbox.sqlite")
        else {
            throw ValidationError("no run '\(name)' with broker \(broker) in \(directory.path): check --name, --broker and --home")
        }
        Console.out("run: \(name) (\(broker)) at \(directory.path)")
        if let stopout = RiskState.stopout(in: directory) {
            Console.out("risk: close-only since \(Timestamp.format(stopout.time)): \(stopout.reason) (signet risk reset \(name) clears it)")
        }
        try positions(directory)
        let orders = try CSVJournal.submittedOrders(atPath: directory.ordersPath)
        let fills = try CSVJournal.fills(atPath: directory.ordersPath)
        let mirrored = orders.filter { $0.tag.hasPrefix("signal:") }.count
        Console.out("orders: \(orders.count) submitted, \(fills.count) filled\(mirrored > 0 ? ", \(mirrored) mirrored from signals" : "")")
        for order in try CSVJournal.workingOrders(atPath: directory.ordersPath) {
            Console.out(
                "working: \(order.symbol) \(order.side == .buy ? "" : "-")\(order.quantity) "
                    + "(\(order.side.rawValue) \(order.type) \(order.orderID)\(order.tag.isEmpty ? "" : ", \(order.tag)"))")
        }
        if FileManager.default.fileExists(atPath: "\(directory.path)/outbox.sqlite") {
            try published(Outbox(path: "\(directory.path)/outbox.sqlite"))
        }
        if FileManager.default.fileExists(atPath: "\(directory.path)/inbox.sqlite") {
            try received(Inbox(path: "\(directory.path)/inbox.sqlite"))
        }
    }

    /// The last pos_pnl.csv row of each instrument.
    func positions(_ directory: RunDirectory) throws {
        guard let text = try? String(contentsOfFile: directory.positionsPath, encoding: .utf8) else {
            Console.out("positions: none (no fill yet)")
            return
        }
        var latest: [String: [Substring]] = [:]
        var last: [Substring]?
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 11 else { continue }
            latest[String(fields[1])] = fields
            last = fields
        }
        if let last { Console.out("equity: \(last[10]) (cash \(last[9]))") }
        for (symbol, fields) in latest.sorted(by: { $0.key < $1.key }) {
            Console.out("position: \(symbol) \(fields[2]) (mark \(fields[5]), realized \(fields[6]), unrealized \(fields[7]))")
        }
    }

    func published(_ outbox: Outbox) throws {
        let counts = try outbox.deliveryCounts()
        let outputs = counts.sorted { $0.key < $1.key }.map { output, states in
            "\(output): " + states.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        Console.out("published: \(outputs.isEmpty ? "nothing yet" : outputs.joined(separator: "; "))")
        if let newest = try outbox.newest() {
            Console.out("last signal: #\(newest.sequence) on \(newest.channel) at \(Timestamp.format(newest.time)): \(newest.readable)")
        }
    }

    func received(_ inbox: Inbox) throws {
        let records = try inbox.all()
        let counts = try inbox.counts()
        Console.out(
            "received: \(records.count) signal(s); "
                + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
        for record in records where record.status == .quarantined {
            let sealed = Timestamp.format(record.sealedAt)
            Console.out("quarantined: #\(record.sequence) \(record.kind) sealed \(sealed): \(record.reason ?? "")")
        }
        if let newest = records.max(by: { $0.receivedAt < $1.receivedAt }) {
            Console.out(
                "last signal: #\(newest.sequence) \(newest.kind) sealed \(Timestamp.format(newest.sealedAt)), "
                    + "received \(Timestamp.format(newest.receivedAt)) via \(newest.transport)")
        }
        let lags = records.filter { $0.kind != "unknown" }.map { $0.receivedAt - $0.sealedAt }.sorted()
        if !lags.isEmpty {
            Console.out(
                "lag: p50 \(Self.percentile(lags, 50)) ms, p99 \(Self.percentile(lags, 99)) ms, max \(lags.last ?? 0) ms "
                    + "(sealed by the publisher → stored here)")
        }
        var streams: [String: (publisher: String, channel: String)] = [:]
        for record in records { streams["\(record.publisher)/\(record.channel)"] = (record.publisher, record.channel) }
        for (_, stream) in streams.sorted(by: { $0.key < $1.key }) {
            let gaps = try inbox.gaps(publisher: stream.publisher, channel: stream.channel)
            if !gaps.isEmpty {
                Console.out(
                    "gaps: \(gaps.count) sequence(s) never received (first \(gaps.prefix(5).map(String.init).joined(separator: ", ")))")
            }
        }
    }

    static func percentile(_ sorted: [Int64], _ p: Int) -> Int64 {
        sorted[min(sorted.count - 1, max(0, (sorted.count * p + 99) / 100 - 1))]
    }
}
