import Synchronization
import Trader

/// The newest target snapshot not yet applied: the signal side posts, the mirroring strategy
/// takes it at its next decision. Only the newest matters in target mode (each snapshot is the
/// whole desired state), so an older one never replaces a newer one.
public final class TargetBoard: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var targets: [ReceivedSignal.Target]
        /// When the publisher sealed it (Unix ms): what signal age is measured from.
        public var sealedAt: Int64
        public var publisher: String
        public var channel: String
        public var sequence: UInt64

        public init(targets: [ReceivedSignal.Target], sealedAt: Int64, publisher: String, channel: String, sequence: UInt64) {
            self.targets = targets
            self.sealedAt = sealedAt
            self.publisher = publisher
            self.channel = channel
            self.sequence = sequence
        }
    }

    private let pending = Mutex<Snapshot?>(nil)
    private let applied = Mutex<[(Snapshot, TargetMirror.Plan)]>([])
    private let superseded = Mutex<[Snapshot]>([])

    public init() {}

    /// Offers a snapshot; kept unless a newer one is already waiting (the one not kept is
    /// reported by ``takeSuperseded()``).
    public func post(_ snapshot: Snapshot) {
        let dropped = pending.withLock { current -> Snapshot? in
            if let waiting = current, waiting.sequence >= snapshot.sequence { return snapshot }
            defer { current = snapshot }
            return current
        }
        if let dropped { superseded.withLock { $0.append(dropped) } }
    }

    /// Snapshots that never reached the strategy because a newer one replaced them.
    public func takeSuperseded() -> [Snapshot] { superseded.withLock { list in defer { list.removeAll() }; return list } }

    /// The waiting snapshot, removed.
    func take() -> Snapshot? { pending.withLock { value in defer { value = nil }; return value } }

    func record(_ snapshot: Snapshot, _ plan: TargetMirror.Plan) { applied.withLock { $0.append((snapshot, plan)) } }

    /// Snapshots applied so far with their plans (for the inbox, `signet status` and tests).
    public func takeApplied() -> [(snapshot: Snapshot, plan: TargetMirror.Plan)] {
        applied.withLock { list in defer { list.removeAll() }; return list.map { ($0.0, $0.1) } }
    }
}

/// The subscriber's strategy in `mode: target`: at each decision, applies the newest snapshot
/// through the subscriber's own engine (``StrategyContext/setTarget(_:quantity:tag:)``), so
/// mirrored orders are journaled, risk-checked and tracked like any strategy's, each tagged with
/// the signal it came from. With `dry_run`, it plans and records but places nothing.
public struct MirrorStrategy: Strategy, Sendable {
    private let board: TargetBoard
    private let mirror: TargetMirror
    private let now: @Sendable () -> Int64

    /// - Parameter now: wall time (Unix ms) for the signal-age check.
    public init(board: TargetBoard, policy: Settings.Mirror, now: @escaping @Sendable () -> Int64) {
        self.board = board
        mirror = TargetMirror(policy: policy)
        self.now = now
    }

    public mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        guard let snapshot = board.take() else { return }
        var markets: [String: TargetMirror.Market] = [:]
        for (index, instrument) in context.instruments.enumerated() {
            guard let price = context.price(index) else { continue }
            markets[instrument.symbol] = .init(price: price, lot: instrument.lotSize, minimum: instrument.minimumQuantity)
        }
        let plan = mirror.plan(targets: snapshot.targets, signalTime: snapshot.sealedAt, now: now(), equity: context.equity, markets: markets)
        for (symbol, reason) in plan.skipped.sorted(by: { $0.key < $1.key }) {
            context.logger.warning("signal \(snapshot.sequence): \(symbol) not mirrored: \(reason)")
        }
        if !mirror.policy.dryRun {
            for (symbol, quantity) in plan.positions.sorted(by: { $0.key < $1.key }) {
                guard let index = context.instruments.firstIndex(where: { $0.symbol == symbol }) else { continue }
                context.setTarget(index, quantity: quantity, tag: "signal:\(snapshot.sequence)")
            }
        }
        board.record(snapshot, plan)
    }
}
