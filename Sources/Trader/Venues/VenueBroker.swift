import Foundation
import Logging
import Synchronization

/// The engine's broker on a venue account. The kernel's synchronous calls only queue: one worker
/// task sends orders and cancellations in order (so a venue that needs ordered requests, such as
/// Kraken's nonces, gets them), the account's execution stream reports fills as they happen, and
/// after every reconnection (and every `pollInterval`) the working orders are checked with the
/// venue, so a fill made while the stream was down is booked, and booked once: fills are booked
/// from each order's cumulative executed quantity and cost, never per message.
///
/// At start the account is compared with the journal (``start(resuming:portfolio:logger:)``, see
/// ``Reconciler``). Everything venue-specific is in the ``VenueAccount``.
public final class VenueBroker<Account: VenueAccount>: LiveBroker, Sendable {
    public let instruments: [Instrument]
    public let account: Account
    /// How often working orders are checked when nothing else happens.
    let pollInterval: Duration
    let state: Mutex<State>
    let commands: AsyncStream<Command>.Continuation
    private let stream: AsyncStream<Command>
    private let tasks = Mutex<[Task<Void, Never>]>([])
    let logger: Mutex<Logger>

    enum Command: Sendable {
        case submit(Order)
        case cancel(String)
        case reconcile
    }

    /// One order of this run, as far as the venue is concerned.
    struct Tracked {
        var order: Order
        var clientOrderID: String
        var venueOrderID: String?
        var accepted = false
        var done = false
        /// The venue could not say whether it placed the order; looked up at the next reconciliation.
        var unknown = false
        var bookedQuantity: Quantity = .zero
        var bookedCost: Money = .zero
        var bookedFee: Money = .zero
        /// The order's whole quantity on the venue (a resumed order's journal row holds only what was left).
        var total: Quantity

        init(order: Order, clientOrderID: String, accepted: Bool = false, booked: Booked = Booked()) {
            self.order = order
            self.clientOrderID = clientOrderID
            self.accepted = accepted
            bookedQuantity = booked.quantity
            bookedCost = booked.cost
            bookedFee = booked.fee
            total = order.quantity + booked.quantity
        }
    }

    /// What was booked of an order so far.
    struct Booked {
        var quantity: Quantity = .zero
        var cost: Money = .zero
        var fee: Money = .zero
    }

    struct State {
        /// Each instrument's price tick on the venue, from ``VenueAccount/prepare(_:logger:)``.
        var ticks: [Price] = []
        var tracked: [String: Tracked] = [:]
        var byClientOrderID: [String: String] = [:]
        var byVenueOrderID: [String: String] = [:]
        var events: [BrokerEvent] = []
        var unanswered = 0
        var balances: [String: Money] = [:]
        var failure: (any Error)?
        var reportedExternal: Set<String> = []
        /// Whether the execution stream is subscribed: fills then arrive on it, not by polling.
        var streamLive = false
        var bookedFills = 0
    }

    public init(account: Account, instruments: [Instrument], pollInterval: Duration = .seconds(15)) {
        self.account = account
        self.instruments = instruments
        self.pollInterval = pollInterval
        state = Mutex(State())
        logger = Mutex(Logger(label: "signet.\(account.venue.lowercased()).broker"))
        (stream, commands) = AsyncStream<Command>.makeStream()
    }

    // MARK: Broker (called by the kernel; never waits)

    public func submit(_ order: Order) {
        let refusal = account.refusal(of: order)
        let clientOrderID = try? account.clientOrderID(for: order.id)
        let venue = account.venue
        let queued = state.withLock { state -> Bool in
            guard order.instrument >= 0, order.instrument < state.ticks.count else {
                state.events.append(.rejected(order, .unknownInstrument, "instrument #\(order.instrument) is not traded in this run"))
                return false
            }
            if let refusal {
                state.events.append(.rejected(order, refusal.reason, refusal.message))
                return false
            }
            guard state.tracked[order.id] == nil else {
                state.events.append(.rejected(order, .duplicateOrderID, "an order with id \(order.id) was already submitted"))
                return false
            }
            guard let clientOrderID else {
                state.events.append(.rejected(order, .invalidQuantity, "no \(venue) client order id could be made for \(order.id)"))
                return false
            }
            state.tracked[order.id] = Tracked(order: order, clientOrderID: clientOrderID)
            state.byClientOrderID[clientOrderID] = order.id
            state.unanswered += 1
            return true
        }
        if queued { commands.yield(.submit(order)) }
    }

    public func cancel(orderID: String) {
        state.withLock { $0.unanswered += 1 }
        commands.yield(.cancel(orderID))
    }

    public var openOrders: [Order] {
        state.withLock { $0.tracked.values.filter { $0.accepted && !$0.done }.map(\.order).sorted { $0.createdAt < $1.createdAt } }
    }

    /// The venue's balances, by common asset name (`BTC`, `USD`), as of the last reconciliation.
    public var balances: [String: Money] { state.withLock { $0.balances } }

    /// The venue matches orders itself.
    public func process(_ bar: Bar) {}
    public func process(_ tick: Tick) {}

    public func drainEvents(into events: inout [BrokerEvent]) {
        state.withLock { state in
            events.append(contentsOf: state.events)
            state.events.removeAll()
        }
    }

    public var failure: (any Error)? { state.withLock { $0.failure } }

    /// Fills booked since start (reconciliation included).
    public var bookedFillCount: Int { state.withLock { $0.bookedFills } }

    /// Checks the working orders with the venue now, as after a reconnection (the answer is booked as events).
    public func reconcileNow() {
        commands.yield(.reconcile)
    }

    // MARK: LiveBroker

    public func settle(upTo limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let quiet = state.withLock { state in
                state.unanswered == 0 && !state.tracked.values.contains { $0.order.type == .market && !$0.done && $0.accepted }
            }
            if quiet { return }
            try? await Task.sleep(for: .milliseconds(5))
        }
        logger.withLock { $0 }.warning(
            "\(account.venue) has not answered every order yet; the step goes on and the answers are booked when they come")
    }

    public func stop() async {
        commands.finish()
        let running = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks
        }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    /// The worker: one command at a time, in order.
    func run() async {
        for await command in stream {
            do {
                switch command {
                case .submit(let order): try await place(order)
                case .cancel(let id): try await cancelOrder(id)
                case .reconcile: try await reconcileWorking()
                }
            } catch is CancellationError {
                return
            } catch {
                // A failure here leaves the account's state unknown: the run must stop rather than trade blind.
                state.withLock { if $0.failure == nil { $0.failure = error } }
                logger.withLock { $0 }.critical("\(account.venue) broker failed: \(error)")
            }
            if case .reconcile = command { continue }
            state.withLock { $0.unanswered -= 1 }
        }
    }

    private func place(_ order: Order) async throws {
        guard let clientOrderID = state.withLock({ $0.tracked[order.id]?.clientOrderID }) else { return }
        switch try await account.place(order, clientOrderID: clientOrderID) {
        case .unknown(let error):
            state.withLock { $0.tracked[order.id]?.unknown = true }
            logger.withLock { $0 }.critical(
                """
                \(account.venue) did not say whether it placed an order; it is looked up again at the next reconciliation, \
                never resent blindly
                """,
                metadata: ["order": "\(order.id)", "cl_ord_id": "\(clientOrderID)", "error": "\(error)"])
        case .rejected(let reason, let message):
            state.withLock { state in
                state.tracked[order.id]?.done = true
                state.events.append(.rejected(order, reason, message))
            }
        case .placed(let venueOrderID):
            let streamLive = state.withLock { state in
                state.tracked[order.id]?.venueOrderID = venueOrderID
                state.byVenueOrderID[venueOrderID] = order.id
                accept(&state, order.id)
                return state.streamLive
            }
            // Without the stream, ask at once (a venue's calls count against the account's limits, so not otherwise).
            if !streamLive { try await refresh([venueOrderID]) }
        }
    }

    private func cancelOrder(_ id: String) async throws {
        guard let tracked = state.withLock({ $0.tracked[id] }), !tracked.done, let venueOrderID = tracked.venueOrderID else { return }
        try await account.cancel(venueOrderID: venueOrderID)
        // Cancelled, or filled meanwhile: the refresh says which.
        try await refresh([venueOrderID])
    }

    func start(_ task: @escaping @Sendable () async -> Void) {
        tasks.withLock { $0.append(Task { await task() }) }
    }
}
