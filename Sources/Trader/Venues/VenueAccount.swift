import Logging

/// What a venue module provides so that the engine can trade on it: the venue's calls and nothing
/// of the bookkeeping. ``VenueBroker`` turns an account into a ``LiveBroker`` — order queue,
/// fills booked once from cumulative quantities, start-up reconciliation with the journal — the
/// same way for every venue (docs/ARCHITECTURE.md, "Adding a venue").
///
/// Every call may be slow or fail; none is retried here. An account retries what is safe to
/// retry by its venue's rules and throws what is not.
public protocol VenueAccount: Sendable {
    /// The venue's name in messages and logs (`Kraken`).
    var venue: String { get }
    /// Checks the run's instruments against the venue (tick sizes, trading status) and returns
    /// each one's price tick on the venue, to which booked fill prices are rounded.
    func prepare(_ instruments: [Instrument], logger: Logger) async throws -> [Price]
    /// The id the venue knows an order by: derived from the engine's order id, the same in every session.
    func clientOrderID(for orderID: String) throws -> String
    /// Why `order` cannot be sent to this venue at all (nil when it can); checked before it is queued.
    func refusal(of order: Order) -> (reason: RejectReason, message: String)?
    /// Places an order. Throws only when the account can no longer be trusted (the run stops).
    func place(_ order: Order, clientOrderID: String) async throws -> VenuePlacement
    /// Cancels an order; an order the venue no longer has (filled, cancelled) is not an error.
    func cancel(venueOrderID: String) async throws
    /// Every open order on the account, the run's and others'.
    func openOrders() async throws -> [VenueOrderReport]
    /// The order with this client id, open or closed; nil when the venue never received it.
    func order(clientOrderID: String) async throws -> VenueOrderReport?
    /// The current state of these orders.
    func orders(_ venueOrderIDs: [String]) async throws -> [VenueOrderReport]
    /// Orders closed since `seconds` (Unix seconds).
    func closedOrders(since seconds: Int64) async throws -> [VenueOrderReport]
    /// Trades since `seconds` (Unix seconds).
    func trades(since seconds: Int64) async throws -> [VenueTrade]
    /// Cash and holdings by common asset name (`USD`, `BTC`).
    func balances() async throws -> [String: Money]
    /// Whether ``streamExecutions(logger:_:)`` reports fills as they happen (otherwise they are polled).
    var hasExecutionStream: Bool { get }
    /// Reports execution updates to `handle` until cancelled, reconnecting as the venue needs.
    func streamExecutions(logger: Logger, _ handle: @escaping @Sendable (VenueStreamEvent) -> Void) async throws
}

/// What placing an order came to.
public enum VenuePlacement: Sendable, Equatable {
    /// The venue took it, under this id.
    case placed(venueOrderID: String)
    /// The venue did not say (a timeout, a dropped connection): the order is looked up by its
    /// client id at the next reconciliation, never resent blindly.
    case unknown(String)
    /// The venue refused it.
    case rejected(RejectReason, String)
}

/// An order as the venue reports it.
public struct VenueOrderReport: Sendable, Hashable {
    public enum Status: Sendable, Hashable { case pending, open, closed, cancelled }

    public var venueOrderID: String
    public var clientOrderID: String?
    public var status: Status
    /// Cumulative executed quantity, its total cost and fee (quote currency).
    public var executed: Quantity
    public var cost: Money
    public var fee: Money
    /// Unix milliseconds.
    public var openedAt: Int64
    public var closedAt: Int64?
    /// Why it was cancelled or expired.
    public var reason: String?
    /// What the order is, for the log when it is not the run's (pair, side, volume…).
    public var details: [String: String]

    public init(
        venueOrderID: String, clientOrderID: String?, status: Status, executed: Quantity, cost: Money, fee: Money, openedAt: Int64,
        closedAt: Int64?, reason: String?, details: [String: String]
    ) {
        self.venueOrderID = venueOrderID
        self.clientOrderID = clientOrderID
        self.status = status
        self.executed = executed
        self.cost = cost
        self.fee = fee
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.reason = reason
        self.details = details
    }
}

/// A trade on the account, as the venue's history reports it.
public struct VenueTrade: Sendable, Hashable {
    public var id: String
    public var venueOrderID: String
    /// What the trade is, for the log when it is not the run's.
    public var details: [String: String]

    public init(id: String, venueOrderID: String, details: [String: String]) {
        self.id = id
        self.venueOrderID = venueOrderID
        self.details = details
    }
}

/// One execution update from a venue's stream.
public struct VenueExecution: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Received, not yet accepted.
        case pendingNew
        /// Accepted (a new order on the book).
        case new
        /// A status report of a known order (accepted).
        case status
        /// A trade: quantities and cost below.
        case trade
        /// Completely filled.
        case filled
        /// Cancelled or expired.
        case cancelled
        case other
    }

    public var venueOrderID: String
    public var clientOrderID: String?
    public var kind: Kind
    /// Cumulative executed quantity and cost of the order, when the venue sends them.
    public var cumulativeQuantity: Quantity?
    public var cumulativeCost: Money?
    /// This trade alone.
    public var lastQuantity: Quantity?
    public var lastPrice: Price?
    public var fee: Money?
    /// Unix milliseconds.
    public var time: Int64?
    public var reason: String?
    public var symbol: String?

    public init(
        venueOrderID: String, clientOrderID: String?, kind: Kind, cumulativeQuantity: Quantity? = nil, cumulativeCost: Money? = nil,
        lastQuantity: Quantity? = nil, lastPrice: Price? = nil, fee: Money? = nil, time: Int64? = nil, reason: String? = nil,
        symbol: String? = nil
    ) {
        self.venueOrderID = venueOrderID
        self.clientOrderID = clientOrderID
        self.kind = kind
        self.cumulativeQuantity = cumulativeQuantity
        self.cumulativeCost = cumulativeCost
        self.lastQuantity = lastQuantity
        self.lastPrice = lastPrice
        self.fee = fee
        self.time = time
        self.reason = reason
        self.symbol = symbol
    }
}

/// What an execution stream reports.
public enum VenueStreamEvent: Sendable {
    /// Subscribed; after a reconnection anything may have happened meanwhile.
    case connected(reconnection: Bool)
    case disconnected
    case executions([VenueExecution])
}
