import Foundation
import Logging

/// Start-up reconciliation of a run's journal with a venue account, the same for every venue:
/// the journal's working orders are resumed (or the fills and cancellations they had while the
/// run was away are booked, each once), a journaled order the venue never received is marked
/// cancelled and not resent, and open orders and trades that the run did not make are reported
/// and left alone. It ends with one summary line, `reconciled with VENUE`.
struct Reconciler<Account: VenueAccount> {
    let broker: VenueBroker<Account>
    let journal: JournalState
    let logger: Logger

    /// What the comparison found.
    struct Summary {
        var externalOrders = 0
        var externalTrades = 0
        var neverPlaced: [String] = []
    }

    func run() async throws -> Summary {
        let account = broker.account
        var summary = Summary()
        // The journal's working orders, by the client order id the venue knows them by.
        var working: [String: Order] = [:]
        for order in journal.workingOrders {
            let clientOrderID = try account.clientOrderID(for: order.id)
            working[clientOrderID] = order
            // A working order may be partly filled already: what was booked is not booked again.
            let booked = journal.fills.filter { $0.orderID == order.id }.reduce(into: VenueBroker<Account>.Booked()) { sum, fill in
                sum.quantity = sum.quantity + fill.quantity
                sum.cost = sum.cost + (fill.price.notional(fill.quantity) ?? .zero)
                sum.fee = sum.fee + fill.fee
            }
            broker.state.withLock { state in
                state.tracked[order.id] = .init(order: order, clientOrderID: clientOrderID, accepted: true, booked: booked)
                state.byClientOrderID[clientOrderID] = order.id
            }
        }
        for report in try await account.openOrders() {
            if let clientOrderID = report.clientOrderID, working[clientOrderID] != nil {
                broker.apply(report)
                working[clientOrderID] = nil
            } else {
                summary.externalOrders += 1
                broker.reportExternal(
                    report.venueOrderID, "an open order on the account that this run did not place; left alone", report.details)
            }
        }
        for (clientOrderID, order) in working.sorted(by: { $0.value.createdAt < $1.value.createdAt }) {
            if let report = try await account.order(clientOrderID: clientOrderID) {
                broker.apply(report)  // filled or cancelled while the run was away
            } else {
                summary.neverPlaced.append(order.id)
                let message = "\(account.venue) has no order with client id \(clientOrderID): it never reached \(account.venue); not resent"
                broker.state.withLock { state in
                    state.tracked[order.id]?.done = true
                    state.events.append(.cancelled(order, message))
                }
            }
        }
        summary.externalTrades = try await reportExternalTrades()
        return summary
    }

    /// Trades of the last day before the journal's last bar that no order of this run (this
    /// session's or an earlier one's) made.
    private func reportExternalTrades() async throws -> Int {
        let account = broker.account
        let since = (journal.lastBarTime ?? Int64(Date().timeIntervalSince1970 * 1000)) / 1000 - 86_400
        let ours = Set(try journal.submittedOrderIDs.map { try account.clientOrderID(for: $0) })
        let earlier = Set(
            try await account.closedOrders(since: since).filter { $0.clientOrderID.map(ours.contains) ?? false }.map(\.venueOrderID))
        var external = 0
        for trade in try await account.trades(since: since)
        where !earlier.contains(trade.venueOrderID) && broker.state.withLock({ $0.byVenueOrderID[trade.venueOrderID] == nil }) {
            external += 1
            broker.reportExternal(
                trade.id, "a trade on the account that this run did not make; its position is not the run's", trade.details)
        }
        return external
    }
}

extension VenueBroker {
    /// Compares the account with the journal (``Reconciler``), then starts the order worker, the
    /// execution stream and the periodic check. Orders the run had working are resumed (or their
    /// missed fills and cancellations booked); orders and trades on the account that this run did
    /// not make are reported, never touched.
    public func start(resuming journal: JournalState, portfolio: Portfolio, logger: Logger) async throws {
        self.logger.withLock { $0 = logger }
        let ticks = try await account.prepare(instruments, logger: logger)
        state.withLock { $0.ticks = ticks }
        try await refreshBalances()
        let summary = try await Reconciler(broker: self, journal: journal, logger: logger).run()
        let (booked, balances) = state.withLock { ($0.bookedFills, $0.balances) }
        let holdings = balances.sorted { $0.key < $1.key }.map { "\($0.key)=\(FixedPoint.format($0.value.raw, precision: 8))" }
        logger.notice("reconciled with \(account.venue)", metadata: [
            "working_orders": "\(journal.workingOrders.count - summary.neverPlaced.count)", "fills_booked": "\(booked)",
            "external_orders": "\(summary.externalOrders)", "external_trades": "\(summary.externalTrades)",
            "never_placed": "\(summary.neverPlaced.joined(separator: " "))", "balances": "\(holdings.joined(separator: " "))",
        ])
        start { await self.run() }
        if account.hasExecutionStream { start { await self.followExecutions(logger: logger) } }
        let interval = pollInterval
        start {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                self.commands.yield(.reconcile)
            }
        }
    }

    private func followExecutions(logger: Logger) async {
        do {
            try await account.streamExecutions(logger: logger) { event in
                switch event {
                case .connected(let reconnection):
                    self.state.withLock { $0.streamLive = true }
                    // Anything may have happened while the stream was down.
                    if reconnection { self.commands.yield(.reconcile) }
                case .disconnected:
                    self.state.withLock { $0.streamLive = false }
                case .executions(let executions):
                    for execution in executions { self.apply(execution) }
                }
            }
        } catch is CancellationError {
        } catch {
            state.withLock { if $0.failure == nil { $0.failure = error } }
            logger.critical("\(account.venue) executions stream failed: \(error)")
        }
    }
}
