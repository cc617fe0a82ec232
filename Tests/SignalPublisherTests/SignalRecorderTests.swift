import Foundation
import Logging
import SignetCrypto
import Testing
import Trader
import Notifiers
@testable import SignalPublisher

@Suite("Signal recorder")
struct SignalRecorderTests {
    static let btc = try! Instrument(symbol: "BTC/USD", tickSize: Price("0.1")!, lotSize: Quantity("0.001")!)

    static func recorder(_ desk: Desk, _ outbox: Outbox, chart: ChartRenderer? = nil) -> SignalRecorder {
        let identity = desk.identity, key = desk.key
        return SignalRecorder(
            configuration: .init(source: "desk-btc", channel: "alpha", instruments: [btc], accountCurrency: "USD", outputs: ["slack"], chart: chart, chartInterval: 0),
            outbox: outbox,
            sealer: { try ChannelSealer(identity: identity, key: key, sequence: $0) }, wake: {}, logger: Logger(label: "test"))
    }

    static func order(_ id: String, _ side: Side = .buy) -> Order {
        Order(id: id, instrument: 0, side: side, quantity: Quantity("0.01")!, type: .market, createdAt: 1_000, tag: "")
    }

    @Test func aStepsSignalsAreStoredTogetherAndTheTargetCountsTheOrdersJustPlaced() throws {
        let desk = try Desk()
        let outbox = try Outbox(path: desk.path)
        let recorder = Self.recorder(desk, outbox)
        let marks = [Price("50000")!]
        recorder.kernel(submitted: Self.order("live-1"), marks: marks)
        recorder.kernel(decided: 1_000, portfolio: Portfolio(accountCurrency: "USD", cash: Money("10000")!, instruments: 1), marks: marks)
        #expect(try outbox.pendingCount(output: "slack") == 0, "nothing is stored before the step completes")
        recorder.kernelStepCompleted(after: nil)
        #expect(try outbox.pendingCount(output: "slack") == 2)
        #expect(try outbox.events(channel: "alpha") == ["order:live-1"])
        let opener = desk.opener()
        var payloads: [String] = []
        while let (entry, _) = try outbox.nextDue(output: "slack", now: 0) {
            payloads.append(String(decoding: try opener.open(text: entry.sealed).plaintext, as: UTF8.self))
            try outbox.markSent(entry.id, output: "slack", remoteID: "x", at: 0)
        }
        #expect(payloads.count == 2 && payloads[0].contains("\"kind\":\"order\""))
        // Holdings are still flat; the target is what the strategy means to hold once its order fills.
        #expect(payloads[1].contains("\"kind\":\"targets\"") && payloads[1].contains("\"quantity\":\"0.010\"") && payloads[1].contains("\"weight\":\"0.05\""), "\(payloads[1])")
    }

    @Test func afterACrashTheJournalsOrdersAndFillsMissingFromTheOutboxArePublished() throws {
        let desk = try Desk()
        let outbox = try Outbox(path: desk.path)
        let recorder = Self.recorder(desk, outbox)
        recorder.kernel(submitted: Self.order("live-1"), marks: [Price("50000")!])
        recorder.kernelStepCompleted(after: nil)
        // The journal holds live-1 (published), and live-2 with its fill (the process died before the step was stored).
        let journal = desk.directory.appendingPathComponent("orders.csv").path
        try """
            \(CSVJournal.ordersHeader)
            1970-01-01T00:00:01Z,live-1,BTC/USD,buy,market,0.01,,submitted,,,,
            1970-01-01T00:00:02Z,live-2,BTC/USD,sell,limit,0.01,50100,submitted,,,,
            1970-01-01T00:00:03Z,live-2,BTC/USD,sell,limit,0.01,50100,filled,50100,0.5,,

            """.write(toFile: journal, atomically: true, encoding: .utf8)
        #expect(try Self.recorder(desk, outbox).recover(ordersPath: journal) == 2)
        #expect(try outbox.events(channel: "alpha") == ["order:live-1", "order:live-2", "fill:live-2"])
        #expect(try outbox.sequences(channel: "alpha") == [1, 2, 3])
        #expect(try Self.recorder(desk, outbox).recover(ordersPath: journal) == 0, "recovering twice publishes nothing twice")
    }

    @Test func aTargetSnapshotCarriesItsSealedChartWhichOpensToAPNGBoundToIt() throws {
        let desk = try Desk()
        let outbox = try Outbox(path: desk.path)
        let recorder = Self.recorder(desk, outbox, chart: ChartRenderer(width: 640, height: 360))
        let bars = (0..<40).map { index -> Bar in
            let price = Price(raw: (50_000 + Int64(index * 10)) * FixedPoint.scale)
            return Bar(instrument: 0, time: Int64(index) * 3_600_000, open: price, high: price, low: price, close: price, volume: Quantity("1")!)
        }
        for bar in bars.dropLast() { recorder.kernelStepCompleted(after: bar) }
        recorder.kernel(submitted: Self.order("live-1"), marks: [bars.last!.close])
        recorder.kernel(decided: bars.last!.time, portfolio: Portfolio(accountCurrency: "USD", cash: Money("10000")!, instruments: 1), marks: [bars.last!.close])
        recorder.kernelStepCompleted(after: bars.last!)
        let opener = desk.opener()
        var charts = 0
        while let (entry, _) = try outbox.nextDue(output: "slack", now: 0) {
            let signal = try opener.open(text: entry.sealed)
            if let attachment = entry.attachment {
                let chart = try opener.openAttachment(attachment, for: signal)
                #expect(Array(chart.plaintext.prefix(4)) == [0x89, 0x50, 0x4E, 0x47], "a PNG")
                #expect(String(decoding: signal.plaintext, as: UTF8.self).contains("\"kind\":\"targets\""))
                charts += 1
            }
            try outbox.markSent(entry.id, output: "slack", remoteID: "x", at: 0)
        }
        #expect(charts == 1, "the order goes without a chart, the snapshot with one")
    }
}
