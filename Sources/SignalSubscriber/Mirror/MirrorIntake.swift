import Foundation
import SignalWire
import SignetCrypto
import Trader

/// Where every source hands its messages: owns the receiver (and its opener), so messages from
/// Slack and Telegram are opened one at a time; turns the prices signals carry into the
/// subscriber's market data; leaves snapshots (target mode) or orders (orders mode) on the board
/// for the mirroring strategy; and records in the inbox what became of each signal.
public actor MirrorIntake {
    private let receiver: SignalReceiver
    private let board: MirrorBoard
    private let inbox: Inbox
    private let mode: MirrorSettings.Mode
    private let symbolMap: [String: String]
    /// The subscriber's instruments by own symbol.
    private let instruments: [String: Int]
    private let feed: SignalPriceFeed?
    private let clock: @Sendable () -> Int64
    private let acceptGrant: @Sendable (String) throws -> ChannelKey?
    /// The publisher's equity as last reported (for `multiplier: equity`).
    private var publisherEquity: Money?
    /// Outcomes so far, by kind (`new`, `duplicate`, `stale`, `refused: CODE`, `ignored`).
    public private(set) var outcomes: [String: Int] = [:]
    /// When the last signal (new or not) arrived, Unix ms; nil before the first.
    public private(set) var lastSignalAt: Int64?

    /// - Parameters:
    ///   - instruments: the subscriber's own symbols, in the engine's instrument order.
    ///   - feed: where prices go when the subscriber's market data comes from the signals.
    ///   - acceptGrant: accepts a grant line published on the channel (after a revocation) and
    ///     returns its key, or nil when it is addressed to another subscriber.
    public init(
        receiver: sending SignalReceiver, board: MirrorBoard, inbox: Inbox, policy: MirrorSettings, instruments: [String],
        feed: SignalPriceFeed? = nil,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) },
        acceptGrant: @escaping @Sendable (String) throws -> ChannelKey? = { _ in nil }
    ) {
        self.acceptGrant = acceptGrant
        self.receiver = receiver
        self.board = board
        self.inbox = inbox
        mode = policy.mode
        symbolMap = policy.symbolMap
        self.instruments = Dictionary(instruments.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        self.feed = feed
        self.clock = clock
    }

    /// Opens and files one message from `transport`.
    public func handle(_ text: String, transport: String) throws {
        let outcome = try receiver.receive(text, transport: transport)
        if case .notASignal = outcome {} else { lastSignalAt = clock() }
        switch outcome {
        case .new(let record, let signal):
            outcomes["new", default: 0] += 1
            try route(
                MirrorBoard.SignalID(publisher: record.publisher, channel: record.channel, sequence: record.sequence),
                sealedAt: record.sealedAt, signal)
        case .duplicate: outcomes["duplicate", default: 0] += 1
        case .stale: outcomes["stale", default: 0] += 1
        case .refused(let code, _): outcomes["refused: \(code)", default: 0] += 1
        case .notASignal: outcomes["ignored", default: 0] += 1
        case .conflict: outcomes["conflict", default: 0] += 1
        }
    }

    /// After a restart: hands the strategy again what the inbox holds but was not acted on (a
    /// crash came between storing a signal and settling it), oldest first, and recovers the
    /// publisher's last reported equity. Returns how many signals were handed over.
    @discardableResult
    public func resume() throws -> Int {
        if let latest = try inbox.newest(kinds: ["targets", "equity"]), let signal = try? SignalPayload.decode(Array(latest.payload.utf8)) {
            noteEquity(signal)
        }
        let pending = try inbox.unapplied()
        for record in pending {
            let id = MirrorBoard.SignalID(publisher: record.publisher, channel: record.channel, sequence: record.sequence)
            do {
                let signal: SignalPayload
                do {
                    signal = try SignalPayload.decode(Array(record.payload.utf8))
                } catch {
                    throw SubscriberError(payload: error)
                }
                try route(id, sealedAt: record.sealedAt, signal)
            } catch let error as SubscriberError {
                try inbox.mark(
                    publisher: id.publisher, channel: id.channel, sequence: id.sequence, .skipped,
                    reason: "stored payload unreadable: \(error.message)")
            }
        }
        return pending.count
    }

    /// Records in the inbox what the strategy did with each signal since the last call. Called
    /// after each decision (``MirrorSettler``), once the decision's orders are journaled.
    public nonisolated func settle() throws {
        for settlement in board.takeSettled() {
            try inbox.mark(
                publisher: settlement.id.publisher, channel: settlement.id.channel, sequence: settlement.id.sequence, settlement.status,
                reason: settlement.reason)
        }
    }

    private func route(_ id: MirrorBoard.SignalID, sealedAt: Int64, _ signal: SignalPayload) throws {
        noteEquity(signal)
        // The board first, the prices after: each price is a decision point, and the decision
        // it triggers must already see what this signal asked for.
        switch signal.body {
        case .order(let order):
            if mode == .orders {
                board.post(.init(
                    symbol: order.symbol, side: order.side, quantity: order.quantity, type: order.type.rawValue, limit: order.limit,
                    price: order.price, sealedAt: sealedAt, id: id, publisherEquity: publisherEquity, time: signal.time))
            } else {
                try skip(id, "target mode copies snapshots only")
            }
            addPrice(order.symbol, order.price, signal.time)
        case .fill(let fill):
            try skip(id, mode == .orders ? "orders mode copies orders, not fills" : "target mode copies snapshots only")
            addPrice(fill.symbol, fill.price, signal.time)
        case .targets(let snapshot):
            let targets = snapshot.targets
            let newest = try inbox.highestSequence(kind: "targets", publisher: id.publisher, channel: id.channel) ?? id.sequence
            if newest > id.sequence {
                // Late (a slower transport, a gap filled): a newer snapshot is already here, and
                // going back to an older state would undo it.
                try skip(id, "older than snapshot \(newest), already received")
            } else if mode == .target {
                board.post(MirrorBoard.Snapshot(targets: targets, sealedAt: sealedAt, id: id, time: signal.time))
            } else {
                try skip(id, "orders mode copies orders, not snapshots")
            }
            for target in targets { addPrice(target.symbol, target.price, signal.time) }
        case .equity, .heartbeat, .checkpoint:
            try inbox.mark(publisher: id.publisher, channel: id.channel, sequence: id.sequence, .applied, reason: "nothing to trade")
        case .grant(let text):
            try accept(grants: text, id)
        }
    }

    /// A grant signal (published after a revocation) holds one grant line per remaining
    /// subscriber; the one addressed to this subscriber is accepted and its key installed.
    private func accept(grants text: String, _ id: MirrorBoard.SignalID) throws {
        var refusals: [String] = []
        for line in text.split(whereSeparator: \.isNewline).map(String.init) where !line.isEmpty {
            do {
                guard let key = try acceptGrant(line) else { continue }
                try receiver.install(key)
                return try inbox.mark(
                    publisher: id.publisher, channel: id.channel, sequence: id.sequence, .applied,
                    reason: "grant of epoch \(key.epoch) accepted")
            } catch let error as CryptoError {
                refusals.append(error.message)
            }
        }
        try skip(id, refusals.isEmpty ? "grants for other subscribers only" : "grant refused: \(refusals.joined(separator: "; "))")
    }

    private func skip(_ id: MirrorBoard.SignalID, _ reason: String) throws {
        try inbox.mark(publisher: id.publisher, channel: id.channel, sequence: id.sequence, .skipped, reason: reason)
    }

    private func addPrice(_ symbol: String, _ price: Price, _ time: Int64) {
        guard let feed, price.raw > 0, let index = instruments[symbolMap[symbol] ?? symbol] else { return }
        feed.add(instrument: index, price: price, time: time)
    }

    private func noteEquity(_ signal: SignalPayload) {
        switch signal.body {
        case .targets(let targets): publisherEquity = targets.equity
        case .equity(let equity): publisherEquity = equity.equity
        default: break
        }
    }
}
