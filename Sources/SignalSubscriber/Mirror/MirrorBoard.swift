import SignalWire
import Synchronization
import Trader

/// Where the signal side leaves work for the mirroring strategy, and the strategy leaves what it
/// did with each signal for the inbox. In target mode only the newest snapshot matters (each is
/// the whole desired state), so an older one never replaces a newer one; in orders mode every
/// order signal is queued, in sequence order, and each is copied at most once.
public final class MirrorBoard: Sendable {
    /// Which signal something came from: the inbox key, and the tag its orders carry.
    public struct SignalID: Sendable, Hashable, Comparable {
        public var publisher: String
        public var channel: String
        public var sequence: UInt64

        public init(publisher: String, channel: String, sequence: UInt64) {
            self.publisher = publisher
            self.channel = channel
            self.sequence = sequence
        }

        /// The order tag in the subscriber's journal (orders.csv `tag`): what makes a restart
        /// recognise a signal it already acted on.
        public var tag: String { "signal:\(channel)/\(sequence)" }

        /// The channel and sequence a ``tag`` names (the tag does not carry the publisher); nil for other tags.
        public static func channelAndSequence(ofTag tag: String) -> (channel: String, sequence: UInt64)? {
            guard tag.hasPrefix("signal:") else { return nil }
            let parts = tag.dropFirst("signal:".count).split(separator: "/")
            guard parts.count == 2, let sequence = UInt64(parts[1]) else { return nil }
            return (String(parts[0]), sequence)
        }

        public static func < (a: SignalID, b: SignalID) -> Bool {
            (a.publisher, a.channel, a.sequence) < (b.publisher, b.channel, b.sequence)
        }
    }

    /// A target snapshot waiting to be applied.
    public struct Snapshot: Sendable, Equatable {
        public var targets: [TargetsSignal.Target]
        /// When the publisher sealed it (Unix ms): what signal age is measured from.
        public var sealedAt: Int64
        public var id: SignalID
        /// The publisher's market time for it (the payload's `time`): it is applied at a bar at or
        /// after this time, so with the prices of its own moment, never an older bar's.
        public var time: Int64

        public init(targets: [TargetsSignal.Target], sealedAt: Int64, id: SignalID, time: Int64 = .min) {
            self.targets = targets
            self.sealedAt = sealedAt
            self.id = id
            self.time = time
        }
    }

    /// An order signal waiting to be copied.
    public struct OrderSignal: Sendable, Equatable {
        public var symbol: String
        public var side: Side
        public var quantity: Quantity
        /// `market`, `limit` or `stop`.
        public var type: String
        public var limit: Price?
        /// The publisher's mark when it placed the order.
        public var price: Price
        public var sealedAt: Int64
        public var id: SignalID
        /// The publisher's equity as last reported (for `multiplier: equity`).
        public var publisherEquity: Money?
        /// The publisher's market time for it: copied at a bar at or after this time.
        public var time: Int64

        public init(
            symbol: String, side: Side, quantity: Quantity, type: String, limit: Price?, price: Price, sealedAt: Int64, id: SignalID,
            publisherEquity: Money?, time: Int64 = .min
        ) {
            self.time = time
            self.symbol = symbol
            self.side = side
            self.quantity = quantity
            self.type = type
            self.limit = limit
            self.price = price
            self.sealedAt = sealedAt
            self.id = id
            self.publisherEquity = publisherEquity
        }
    }

    /// What became of one signal.
    public struct Settlement: Sendable, Equatable {
        public var id: SignalID
        public var status: Inbox.Status
        public var reason: String?
        /// Own symbol → the position the plan held (target mode) or the order placed (orders mode).
        public var positions: [String: Quantity]
    }

    private let pending = Mutex<Snapshot?>(nil)
    private let orders = Mutex<[OrderSignal]>([])
    private let settled = Mutex<[Settlement]>([])
    /// The shadow simulation's board: gets a copy of every signal the live mirror takes.
    private let tap = Mutex<MirrorBoard?>(nil)

    public init() {}

    /// A board that receives what the live mirror takes from this one, as it takes it, for a
    /// shadow ``MirrorStrategy``; what the shadow settles there is never reported.
    public func shadowBoard() -> MirrorBoard {
        let board = MirrorBoard()
        tap.withLock { $0 = board }
        return board
    }

    /// Offers a snapshot; kept unless a newer one is already waiting (the one not kept is settled
    /// as superseded).
    public func post(_ snapshot: Snapshot) {
        let dropped = pending.withLock { current -> Snapshot? in
            if let waiting = current, waiting.id.sequence >= snapshot.id.sequence { return snapshot }
            defer { current = snapshot }
            return current
        }
        if let dropped { settle(dropped.id, .skipped, reason: "superseded by a newer snapshot") }
    }

    /// Queues an order signal (kept in sequence order; the same signal twice is queued once).
    public func post(_ order: OrderSignal) {
        orders.withLock { queue in
            guard !queue.contains(where: { $0.id == order.id }) else { return }
            queue.append(order)
            queue.sort { $0.id < $1.id }
        }
    }

    /// The waiting snapshot, removed, if the engine has reached its time (`now`, the bar's time):
    /// when the signals run ahead of the engine (a catch-up, a loaded machine), a decision at an
    /// older bar must not act on it with that bar's prices.
    func takeSnapshot(reachedAt now: Int64) -> Snapshot? {
        let taken = pending.withLock { value -> Snapshot? in
            guard let snapshot = value, snapshot.time <= now else { return nil }
            value = nil
            return snapshot
        }
        if let taken, let shadow = tap.withLock({ $0 }) { shadow.post(taken) }
        return taken
    }

    /// The queued order signals whose time the engine has reached, removed, oldest first.
    func takeOrders(reachedAt now: Int64) -> [OrderSignal] {
        let due = orders.withLock { queue in
            let due = queue.filter { $0.time <= now }
            queue.removeAll { $0.time <= now }
            return due
        }
        if let shadow = tap.withLock({ $0 }) { for order in due { shadow.post(order) } }
        return due
    }

    /// Records what became of a signal.
    public func settle(_ id: SignalID, _ status: Inbox.Status, reason: String? = nil, positions: [String: Quantity] = [:]) {
        settled.withLock { $0.append(Settlement(id: id, status: status, reason: reason, positions: positions)) }
    }

    /// Settlements since the last call (for the inbox, `signet status` and tests).
    public func takeSettled() -> [Settlement] { settled.withLock { list in defer { list.removeAll() }; return list } }
}
