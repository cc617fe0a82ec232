import Foundation
import Logging
import Synchronization
import Trader

/// The engine's broker on a Kraken spot account. The kernel's synchronous calls only queue:
/// one worker task sends orders and cancellations over REST in order (so nonces arrive in order),
/// the private WebSocket's `executions` channel reports fills as they happen, and after every
/// reconnection the account is reconciled over REST, so a fill made while the socket was down
/// is booked, and booked once: fills are booked from each order's cumulative executed quantity
/// and cost, never per message.
///
/// At start the account is compared with the journal (``start(resuming:portfolio:logger:)``).
public final class KrakenBroker: LiveBroker, Sendable {
    public let instruments: [Instrument]
    let client: KrakenClient
    /// The private WebSocket (`ws_auth_url`); nil reconciles over REST only.
    let executionsURL: String?
    /// How often working orders are checked over REST when nothing else happens.
    let pollInterval: Duration
    let state: Mutex<State>
    let commands: AsyncStream<Command>.Continuation
    private let stream: AsyncStream<Command>
    private let tasks = Mutex<[Task<Void, Never>]>([])
    let logger = Mutex(Logger(label: "signet.kraken.broker"))

    enum Command: Sendable {
        case submit(Order)
        case cancel(String)
        case reconcile
    }

    struct Tracked {
        var order: Order
        var clientOrderID: String
        var txid: String?
        var accepted = false
        var done = false
        /// Kraken could not say whether it placed the order; looked up at the next reconciliation.
        var unknown = false
        var bookedQuantity: Quantity = .zero
        var bookedCost: Money = .zero
        var bookedFee: Money = .zero
        /// The order's whole quantity on Kraken (a resumed order's journal row holds only what was left).
        var total: Quantity

        init(order: Order, clientOrderID: String, accepted: Bool = false, booked: (quantity: Quantity, cost: Money, fee: Money) = (.zero, .zero, .zero)) {
            self.order = order
            self.clientOrderID = clientOrderID
            self.accepted = accepted
            bookedQuantity = booked.quantity
            bookedCost = booked.cost
            bookedFee = booked.fee
            total = order.quantity + booked.quantity
        }
    }

    struct State {
        var pairs: [KrakenPair] = []
        var tracked: [String: Tracked] = [:]
        var byClientOrderID: [String: String] = [:]
        var byTxid: [String: String] = [:]
        var events: [BrokerEvent] = []
        var unanswered = 0
        var balances: [String: Money] = [:]
        var failure: (any Error)?
        var reportedExternal: Set<String> = []
        /// Whether the executions socket is subscribed: fills then arrive on it, not by polling.
        var socketLive = false
        var bookedFills = 0
    }

    /// - Parameters:
    ///   - executionsURL: Kraken's private WebSocket v2 (`wss://ws-auth.kraken.com/v2`); nil polls REST instead.
    public init(client: KrakenClient, instruments: [Instrument], executionsURL: String?, pollInterval: Duration = .seconds(15)) {
        self.client = client
        self.instruments = instruments
        self.executionsURL = executionsURL
        self.pollInterval = pollInterval
        state = Mutex(State())
        (stream, commands) = AsyncStream<Command>.makeStream()
    }

    // MARK: Broker (called by the kernel; never waits)

    public func submit(_ order: Order) {
        let queued = state.withLock { state -> Bool in
            guard order.instrument >= 0, order.instrument < state.pairs.count else {
                state.events.append(.rejected(order, .unknownInstrument, "instrument #\(order.instrument) is not traded in this run"))
                return false
            }
            if case .stop = order.type {
                state.events.append(.rejected(order, .invalidPrice, "Signet sends market and limit orders to Kraken; a stop order was not sent"))
                return false
            }
            guard state.tracked[order.id] == nil else {
                state.events.append(.rejected(order, .duplicateOrderID, "an order with id \(order.id) was already submitted"))
                return false
            }
            guard let client = try? KrakenOrderRequest.clientOrderID(for: order.id) else {
                state.events.append(.rejected(order, .invalidQuantity, "no Kraken client order id could be made for \(order.id)"))
                return false
            }
            state.tracked[order.id] = Tracked(order: order, clientOrderID: client)
            state.byClientOrderID[client] = order.id
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

    /// Kraken's balances, by common asset name (`BTC`, `USD`), as of the last reconciliation.
    public var balances: [String: Money] { state.withLock { $0.balances } }

    /// Kraken matches orders itself.
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
        logger.withLock { $0 }.warning("Kraken has not answered every order yet; the step goes on and the answers are booked when they come")
    }

    public func stop() async {
        commands.finish()
        let running = tasks.withLock { tasks in defer { tasks.removeAll() }; return tasks }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

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
                logger.withLock { $0 }.critical("Kraken broker failed: \(error)")
            }
            if case .reconcile = command { continue }
            state.withLock { $0.unanswered -= 1 }
        }
    }

    private func place(_ order: Order) async throws {
        guard let (pair, client) = state.withLock({ state -> (KrakenPair, String)? in
            state.tracked[order.id].map { (state.pairs[order.instrument], $0.clientOrderID) }
        }) else { return }
        let request = KrakenOrderRequest(
            pair: pair.altName, side: order.side, limitPrice: order.type.price, volume: order.quantity, clientOrderID: client,
            immediateOrCancel: order.timeInForce == .ioc)
        let txid: String
        do {
            txid = try await self.client.placeOrder(request)
        } catch let error as KrakenError where error.retry == .queryFirst {
            state.withLock { $0.tracked[order.id]?.unknown = true }
            logger.withLock { $0 }.critical("Kraken did not say whether it placed an order; it is looked up again at the next reconciliation, never resent blindly",
                metadata: ["order": "\(order.id)", "cl_ord_id": "\(client)", "error": "\(error)"])
            return
        } catch let error as KrakenError {
            reject(order, error)
            return
        }
        let socketLive = state.withLock { state in
            state.tracked[order.id]?.txid = txid
            state.byTxid[txid] = order.id
            accept(&state, order.id)
            return state.socketLive
        }
        // Without the socket, ask at once (REST calls count against the account's limit, so not otherwise).
        if !socketLive { try await refresh([txid]) }
    }

    private func reject(_ order: Order, _ error: KrakenError) {
        let reason: RejectReason = switch error.code {
        case .insufficientFunds, .marginNotAllowed: .insufficientFunds
        case .orderMinimum: .belowMinimum
        case .unknownPair: .unknownInstrument
        default: .invalidQuantity
        }
        state.withLock { state in
            state.tracked[order.id]?.done = true
            state.events.append(.rejected(order, reason, error.message))
        }
    }

    private func cancelOrder(_ id: String) async throws {
        guard let tracked = state.withLock({ $0.tracked[id] }), !tracked.done, let txid = tracked.txid else { return }
        do {
            try await client.cancelOrder(txid: txid)
        } catch let error as KrakenError where error.code == .unknownOrder {
            // Gone already (filled or cancelled): the refresh below says which.
        }
        try await refresh([txid])
    }

    /// Marks an order accepted once, and queues the event.
    func accept(_ state: inout State, _ id: String) {
        guard let tracked = state.tracked[id], !tracked.accepted else { return }
        state.tracked[id]?.accepted = true
        state.events.append(.accepted(tracked.order))
    }

    func start(_ task: @escaping @Sendable () async -> Void) {
        tasks.withLock { $0.append(Task { await task() }) }
    }
}
