import Logging
import Notifiers
import SignalWire
import SignetCrypto
import Trader

/// Turns what the engine does into signals in the outbox: every order the strategy submits,
/// every fill, and after each decision point a target snapshot of every instrument (the position it means to hold and its
/// weight of equity) and the equity. Seals each with the channel key and the next sequence
/// number, stores it, and wakes the sender. Confined to the kernel's thread, like the kernel.
public final class SignalRecorder: KernelObserver {
    public struct Configuration: Sendable {
        /// The publishing run's name (the `source` of every signal).
        public var source: String
        public var channel: String
        public var instruments: [Instrument]
        public var accountCurrency: String
        /// Output names whose delivery rows each signal gets.
        public var outputs: [String]
        /// The last sequence number used on the channel outside the outbox.
        public var floor: UInt64
        /// Draws charts with this renderer and sends one, sealed, with a target snapshot at most every
        /// `chartInterval` seconds; nil: no charts.
        public var chart: ChartRenderer?
        public var chartInterval: Int64
        /// The bar length shown in chart titles (`1h`).
        public var timeframe: String?
        /// Outputs that post the charts (their own queues, so text lines never wait for an upload).
        public var chartOutputs: [String]

        public init(
            source: String, channel: String, instruments: [Instrument], accountCurrency: String, outputs: [String], floor: UInt64 = 0,
            chart: ChartRenderer? = nil, chartInterval: Int64 = 60, timeframe: String? = nil, chartOutputs: [String] = []
        ) {
            self.chartOutputs = chartOutputs
            self.chart = chart
            self.chartInterval = chartInterval
            self.timeframe = timeframe
            self.source = source
            self.channel = channel
            self.instruments = instruments
            self.accountCurrency = accountCurrency
            self.outputs = outputs
            self.floor = floor
        }
    }

    let configuration: Configuration
    let outbox: Outbox
    private let sealer: (any SequenceCounter) throws -> ChannelSealer
    private let keyring: ChannelKeyring?
    private let wake: @Sendable () -> Void
    let logger: Logger
    private var lastTargets: [Quantity]?
    /// Market orders handed to the broker and not yet done: signed quantity by order id, per instrument.
    private var committed: [String: (instrument: Int, quantity: Int64)] = [:]
    /// This step's signals, stored together when the step completes (one transaction a step).
    var pending: [(signal: SignalPayload, event: String?, chart: Int?)] = []
    private var charts: ChartHistory?
    public private(set) var failure: (any Error)?
    /// Signals recorded by this recorder.
    public private(set) var recorded = 0
    /// Publishes signed checkpoints of the run's journal (nil: none).
    public var trackRecord: TrackRecorder?
    private var lastEquity: Money = .zero
    private var lastTime: Int64 = 0

    /// - Parameters:
    ///   - sealer: a sealer for the channel using the given counter (the outbox supplies it).
    ///   - wake: called after each stored signal (``OutboxSender/notify()``).
    public init(
        configuration: Configuration, outbox: Outbox, sealer: @escaping (any SequenceCounter) throws -> ChannelSealer,
        wake: @escaping @Sendable () -> Void, logger: Logger
    ) {
        self.configuration = configuration
        self.outbox = outbox
        self.sealer = sealer
        keyring = nil
        self.wake = wake
        self.logger = logger
        charts = Self.charts(configuration)
    }

    private static func charts(_ configuration: Configuration) -> ChartHistory? {
        configuration.chart.map {
            ChartHistory(
                settings: .init(renderer: $0, interval: configuration.chartInterval, timeframe: configuration.timeframe),
                instruments: configuration.instruments)
        }
    }

    /// A recorder that seals with `keyring`, following revocations while it runs.
    public init(
        configuration: Configuration, outbox: Outbox, keyring: ChannelKeyring, wake: @escaping @Sendable () -> Void, logger: Logger
    ) {
        self.configuration = configuration
        self.outbox = outbox
        sealer = { try keyring.sealer($0) }
        self.keyring = keyring
        self.wake = wake
        self.logger = logger
        charts = Self.charts(configuration)
    }

    public var observerFailure: (any Error)? { failure }

    public func kernel(submitted order: Order, marks: [Price]) {
        if case .market = order.type { committed[order.id] = (order.instrument, order.side.sign * order.quantity.raw) }
        let mark = order.instrument < marks.count ? marks[order.instrument] : .zero
        let symbol = configuration.instruments[order.instrument].symbol
        record(SignalPayload(
            time: order.createdAt, source: configuration.source,
            body: .order(OrderSignal(
                id: order.id, symbol: symbol, side: order.side, quantity: order.quantity, type: OrderSignal.OrderType(order.type),
                limit: order.type.price, price: mark))),
            event: "order:\(order.id)")
    }

    public func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {
        switch event {
        case .rejected(let order, _, _), .cancelled(let order, _): committed[order.id] = nil
        case .filled(let fill): committed[fill.orderID] = nil
        case .accepted: break
        }
        guard case .filled(let fill) = event else { return }
        charts?.add(JournalFill(
            time: fill.time, orderID: fill.orderID, symbol: configuration.instruments[fill.instrument].symbol, side: fill.side,
            quantity: fill.quantity, price: fill.price, fee: fill.fee))
        record(SignalPayload(
            time: fill.time, source: configuration.source,
            body: .fill(FillSignal(
                orderID: fill.orderID, symbol: configuration.instruments[fill.instrument].symbol, side: fill.side, quantity: fill.quantity,
                price: fill.price, fee: fill.fee))),
            event: "fill:\(fill.orderID)")
    }

    public func kernel(decided time: Int64, portfolio: Portfolio, marks: [Price]) {
        let equity = portfolio.equity(marks: marks)
        lastEquity = equity
        lastTime = max(lastTime, time)
        // The target is what the strategy means to hold: its position plus the market orders it
        // just placed (they fill at the next price). Limit and stop orders are conditional and
        // count once they fill. Holdings alone would put every subscriber a step behind.
        var quantities = portfolio.positions.map(\.quantity)
        for (instrument, quantity) in committed.values where instrument < quantities.count {
            quantities[instrument] = Quantity(
                raw: quantities[instrument].raw + quantity,
                precision: max(quantities[instrument].precision, configuration.instruments[instrument].lotSize.precision))
        }
        var targets: [TargetsSignal.Target] = []
        for (index, instrument) in configuration.instruments.enumerated() {
            let quantity = index < quantities.count ? quantities[index] : .zero
            let mark = index < marks.count ? marks[index] : .zero
            let weight = Self.weight(quantity, mark, of: equity)
            targets.append(TargetsSignal.Target(symbol: instrument.symbol, quantity: quantity, weight: weight, price: mark))
        }
        // A snapshot after every decision that changed something, so a subscriber that missed
        // signals heals at the next one; unchanged decisions send nothing.
        guard quantities != lastTargets else { return }
        // The chart shows the first instrument whose target moved.
        let moved = quantities.indices.first { lastTargets == nil || quantities[$0] != lastTargets?[$0] } ?? 0
        lastTargets = quantities
        let chart = charts?.due() == true ? moved : nil
        record(
            SignalPayload(
                time: time, source: configuration.source,
                body: .targets(TargetsSignal(equity: equity, currency: configuration.accountCurrency, targets: targets))),
            chart: chart)
    }

    /// quantity × mark ÷ equity, truncated to six decimals (micros), as the publisher has always
    /// computed it: the wire writes it trimmed ("0.25"), so payloads stay as they were. Zero when
    /// the equity is not positive; clamped to the range of a ``Weight`` (a near-zero equity).
    static func weight(_ quantity: Quantity, _ mark: Price, of equity: Money) -> Weight {
        guard equity.raw > 0 else { return .zero }
        let notional = Int128(quantity.raw) * Int128(mark.raw) / Int128(FixedPoint.scale)
        let micros = notional * 1_000_000 / Int128(equity.raw)
        return Weight(raw: Int64(clamping: micros * (Int128(FixedPoint.scale) / 1_000_000)))
    }

    private func record(_ signal: SignalPayload, event: String? = nil, chart: Int? = nil) {
        guard failure == nil else { return }
        pending.append((signal, event, chart))
    }

    public func kernelStepCompleted(after bar: Bar?) {
        if let bar {
            charts?.add(bar)
            lastTime = max(lastTime, bar.time)
        }
        var checkpoints = 0
        if let trackRecord, failure == nil {
            do {
                for (orders, pnl) in try trackRecord.step(final: bar == nil) {
                    let body = SignalPayload.Body.checkpoint(
                        CheckpointSignal(orders: orders, pnl: pnl, equity: lastEquity, currency: configuration.accountCurrency))
                    pending.append((SignalPayload(time: lastTime, source: configuration.source, body: body), nil, nil))
                    checkpoints += 1
                }
            } catch {
                failure = error
                logger.critical(
                    "cannot read the journal for the track record; the run stops rather than publish an unverifiable record",
                    metadata: ["error": "\(error)"])
            }
        }
        guard failure == nil, !pending.isEmpty else { return }
        let signals = pending
        pending.removeAll(keepingCapacity: true)
        do {
            if let keyring, let rotation = try keyring.pendingRotation() {
                // The new epoch's grants go out under the old key, before anything sealed with the new
                // one, all in one signal: a subscriber that switched keys on its own grant could not
                // open a second grant signal still sealed with the old one.
                if !rotation.grants.isEmpty, let first = signals.first {
                    let grants = rotation.grants.map(\.text).joined(separator: "\n")
                    try store([(SignalPayload(time: first.signal.time, source: configuration.source, body: .grant(grants)), nil, nil)])
                }
                try keyring.advance()
                logger.notice("channel moved to a new epoch: grants published, sealing with the new key", metadata: [
                    "channel": "\(configuration.channel)", "epoch": "\(rotation.epoch)",
                    "grants": "\(rotation.grants.map(\.alias).joined(separator: " "))",
                ])
            }
            try store(signals)
            if checkpoints > 0 { try trackRecord?.committed() }
        } catch {
            failure = error
            logger.critical("cannot record a signal; the run stops rather than trade unpublished", metadata: ["error": "\(error)"])
        }
    }

    private func store(_ signals: [(signal: SignalPayload, event: String?, chart: Int?)]) throws {
        let payloads = signals.map { $0.signal.encoded() }
        // Drawn before the transaction; a chart that cannot be drawn is left out, never the signal.
        var images: [Int: [UInt8]] = [:]
        for (index, item) in signals.enumerated() {
            guard let instrument = item.chart, let charts else { continue }
            do { images[index] = try charts.render(instrument) } catch {
                logger.warning("chart not drawn; the signal goes without it", metadata: ["error": "\(error)"])
            }
        }
        try outbox.append(
            channel: configuration.channel, outputs: configuration.outputs, floor: configuration.floor,
            batch: signals.enumerated().map { index, item in
                Outbox.Item(
                    time: item.signal.time, readable: item.signal.summary, event: item.event,
                    more: images[index] == nil ? [] : configuration.chartOutputs, chart: images[index])
            }
        ) { index, counter in
            let sealer = try sealer(counter)
            guard let image = images[index] else { return (try sealer.seal(payloads[index]), nil) }
            let attachment = try sealer.sealAttachment(image, contentType: .png)
            return (try sealer.seal(payloads[index], attachment: attachment), attachment.bytes)
        }
        recorded += signals.count
        wake()
    }
}
