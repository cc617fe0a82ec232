import Logging

/// A broker a live run connects to. Its I/O runs on its own tasks; the kernel still calls the
/// synchronous ``Broker`` methods and drains events between steps. The ``PaperBroker`` is its
/// in-memory twin.
public protocol LiveBroker: Broker {
    /// Connects and compares the account with the journal: orders the run had working are
    /// resumed, fills the run missed are queued as events (booked by the next drain), and what
    /// the run did not place is reported. `portfolio` is the journal's book.
    func start(resuming state: JournalState, portfolio: Portfolio, logger: Logger) async throws
    /// Waits until every order handed over so far has its answer (accepted, rejected, or for a
    /// market order, filled), or `limit` has passed: a live step journals what it caused.
    func settle(upTo limit: Duration) async
    /// Stops the broker's tasks; nothing is cancelled on the venue.
    func stop() async
    /// The error that stops the broker from trading safely (a run stops on it).
    var failure: (any Error)? { get }
}

extension PaperBroker: LiveBroker {
    /// The paper broker of a live run: its instruments, cash, fees and slippage.
    @Sendable public static func forLiveRun(_ configuration: LiveRunConfiguration, _ logger: Logger) -> PaperBroker {
        PaperBroker(
            instruments: configuration.instruments, accountCurrency: configuration.accountCurrency, cash: configuration.cash,
            configuration: configuration.paper)
    }

    public func start(resuming state: JournalState, portfolio: Portfolio, logger: Logger) async throws {
        if state.cash != nil || !state.unbookedFills.isEmpty { restore(cash: portfolio.cash, positions: portfolio.positions) }
        restoreWorking(state.workingOrders)
    }

    /// Paper orders are answered as they are submitted.
    public func settle(upTo limit: Duration) async {}
    public func stop() async {}
    public var failure: (any Error)? { nil }
}
