import Trader

/// The subscriber's strategy: at each decision, acts on what the board holds through the
/// subscriber's own engine, so mirrored orders are journaled, risk-checked and tracked like any
/// strategy's, each tagged with the signal it came from (``MirrorBoard/SignalID/tag``).
///
/// `mode: target` holds the newest snapshot (``TargetMirror``); `mode: orders` copies each queued
/// order (``OrderMirror``). A signal whose tag the journal already holds was acted on before a
/// restart and is not acted on again: that, with the inbox, is what makes mirroring exactly once.
/// With `dry_run`, it plans and records but places nothing.
public struct MirrorStrategy: Strategy, Sendable {
    private let board: MirrorBoard
    private let policy: MirrorSettings
    private let now: @Sendable () -> Int64
    /// Tags of orders already in the journal (from earlier sessions), plus those placed now.
    private var placed: Set<String>
    /// Whether a signal waits for a bar at or after its own time (see init).
    private let paced: Bool
    /// Signals sealed before this (Unix ms) are not acted on: a new run starts from now.
    private let notBefore: Int64?
    /// Orders mode: the newest sequence copied per channel, so an order arriving after a later one is not copied.
    private var newestCopied: [String: UInt64] = [:]
    /// Records an attempt at acting on a signal before it is made, and returns how many there have
    /// been (the inbox's count): a signal the process died on twice is quarantined.
    private let attempt: @Sendable (MirrorBoard.SignalID) -> Int

    /// - Parameters:
    ///   - journaledTags: the `tag` column of the run's orders.csv (``CSVJournal/tags(ordersPath:)``).
    ///   - now: wall time (Unix ms) for the signal-age check.
    ///   - pacedBySignals: the engine's bars come from the signals' own prices and times
    ///     (``SignalPriceFeed``): a signal is then acted on at a bar at or after its time, never at an
    ///     older bar still queued (the signals can run ahead of the engine during a catch-up).
    ///   - notBefore: signals sealed earlier are skipped (a new run without `--catch-up` starts from now).
    public init(
        board: MirrorBoard, policy: MirrorSettings, journaledTags: Set<String> = [], pacedBySignals: Bool = false,
        notBefore: Int64? = nil, attempt: @escaping @Sendable (MirrorBoard.SignalID) -> Int = { _ in 1 },
        now: @escaping @Sendable () -> Int64
    ) {
        self.attempt = attempt
        paced = pacedBySignals
        self.board = board
        self.policy = policy
        self.now = now
        self.notBefore = notBefore
        placed = journaledTags
        for tag in journaledTags {
            guard let (channel, sequence) = MirrorBoard.SignalID.channelAndSequence(ofTag: tag) else { continue }
            newestCopied[channel] = max(newestCopied[channel] ?? 0, sequence)
        }
    }

    public mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        switch policy.mode {
        case .target: applySnapshot(context, at: paced ? bar.time : .max)
        case .orders: copyOrders(context, at: paced ? bar.time : .max)
        }
    }

    private mutating func applySnapshot(_ context: StrategyContext, at time: Int64) {
        guard let snapshot = board.takeSnapshot(reachedAt: time) else { return }
        if placed.contains(snapshot.id.tag) {
            board.settle(snapshot.id, .applied, reason: "applied before a restart")
            return
        }
        guard admit(snapshot.id, sealedAt: snapshot.sealedAt, context) else { return }
        var markets: [String: TargetMirror.Market] = [:]
        for (index, instrument) in context.instruments.enumerated() {
            guard let price = context.price(index) else { continue }
            markets[instrument.symbol] = .init(price: price, lot: instrument.lotSize, minimum: instrument.minimumQuantity)
        }
        let plan = TargetMirror(policy: policy).plan(
            targets: snapshot.targets, signalTime: snapshot.sealedAt, now: now(), equity: context.equity, markets: markets)
        for (symbol, reason) in plan.skipped.sorted(by: { $0.key < $1.key }) {
            context.logger.warning("signal \(snapshot.id.sequence): \(symbol) not mirrored: \(reason)")
        }
        if !policy.dryRun {
            for (symbol, quantity) in plan.positions.sorted(by: { $0.key < $1.key }) {
                guard let index = context.instruments.firstIndex(where: { $0.symbol == symbol }) else { continue }
                context.setTarget(index, quantity: quantity, tag: snapshot.id.tag)
            }
            placed.insert(snapshot.id.tag)
        }
        if plan.positions.isEmpty && !plan.skipped.isEmpty {
            board.settle(snapshot.id, .skipped, reason: Self.describe(plan.skipped))
        } else {
            board.settle(
                snapshot.id, policy.dryRun ? .skipped : .applied, reason: policy.dryRun ? "dry run" : nil, positions: plan.positions)
        }
    }

    private mutating func copyOrders(_ context: StrategyContext, at time: Int64) {
        let mirror = OrderMirror(policy: policy)
        for order in board.takeOrders(reachedAt: time) {
            if placed.contains(order.id.tag) {
                board.settle(order.id, .applied, reason: "placed before a restart")
                continue
            }
            guard admit(order.id, sealedAt: order.sealedAt, context) else { continue }
            if !policy.allowLate, let newest = newestCopied[order.id.channel], order.id.sequence < newest {
                let reason = "late: arrived after order #\(newest) was copied (mirror.allow_late: true copies late orders)"
                context.logger.warning("signal \(order.id.sequence): \(order.symbol) order not mirrored: \(reason)")
                board.settle(order.id, .skipped, reason: reason)
                continue
            }
            var markets: [String: OrderMirror.Market] = [:]
            for (index, instrument) in context.instruments.enumerated() {
                guard let price = context.price(index) else { continue }
                markets[instrument.symbol] = .init(
                    price: price, tick: instrument.tickSize, lot: instrument.lotSize, minimum: instrument.minimumQuantity,
                    position: context.position(index).quantity)
            }
            switch mirror.decide(order, now: now(), equity: context.equity, markets: markets) {
            case .skip(let reason):
                context.logger.warning("signal \(order.id.sequence): \(order.symbol) order not mirrored: \(reason)")
                board.settle(order.id, .skipped, reason: reason)
            case .place(let symbol, let side, let quantity, let type):
                let signed = side == .buy ? quantity : -quantity
                guard !policy.dryRun else {
                    board.settle(order.id, .skipped, reason: "dry run", positions: [symbol: signed])
                    continue
                }
                guard let index = context.instruments.firstIndex(where: { $0.symbol == symbol }) else { continue }
                context.order(index, side, quantity: quantity, type: type, tag: order.id.tag)
                placed.insert(order.id.tag)
                newestCopied[order.id.channel] = max(newestCopied[order.id.channel] ?? 0, order.id.sequence)
                board.settle(order.id, .applied, positions: [symbol: signed])
            }
        }
    }

    static func describe(_ skipped: [String: String]) -> String {
        skipped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }

    /// Whether a signal may be acted on now: not sealed before a new run started, and not one the
    /// process died on twice (counted before the attempt). Settles it when not.
    private func admit(_ id: MirrorBoard.SignalID, sealedAt: Int64, _ context: StrategyContext) -> Bool {
        if let notBefore, sealedAt < notBefore {
            board.settle(id, .skipped, reason: Self.beforeStart)
            return false
        }
        guard attempt(id) <= Self.maxAttempts else {
            context.logger.critical("signal \(id.sequence) quarantined: \(Self.quarantine)")
            board.settle(id, .quarantined, reason: Self.quarantine)
            return false
        }
        return true
    }

    /// Attempts at one signal before it is quarantined: the first, and one after a crash.
    static let maxAttempts = 2
    static let quarantine = "the subscriber stopped twice while acting on it; set aside, not retried (see signet status)"

    /// Why a signal sealed before a new run started is not acted on.
    static let beforeStart = "sealed before this run started (signet mirror --catch-up acts on earlier signals)"
}
