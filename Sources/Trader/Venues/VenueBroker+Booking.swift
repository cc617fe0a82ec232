import Logging

extension VenueBroker {
    /// Checks every working order (and every order whose placing had an unknown outcome) with the venue.
    func reconcileWorking() async throws {
        let (venueOrderIDs, unknown) = state.withLock { state in
            (
                state.tracked.values.filter { !$0.done && $0.venueOrderID != nil }.compactMap(\.venueOrderID),
                state.tracked.values.filter { !$0.done && $0.unknown && $0.venueOrderID == nil }
            )
        }
        for tracked in unknown {
            if let report = try await account.order(clientOrderID: tracked.clientOrderID) {
                state.withLock { state in
                    state.tracked[tracked.order.id]?.unknown = false
                    state.tracked[tracked.order.id]?.venueOrderID = report.venueOrderID
                    state.byVenueOrderID[report.venueOrderID] = tracked.order.id
                }
                apply(report)
            } else {
                let message = "\(account.venue) has no order with client id \(tracked.clientOrderID): it was never placed; not resent"
                state.withLock { state in
                    state.tracked[tracked.order.id]?.done = true
                    state.events.append(.cancelled(tracked.order, message))
                }
            }
        }
        if !venueOrderIDs.isEmpty { try await refresh(venueOrderIDs) }
        try await refreshBalances()
    }

    func refresh(_ venueOrderIDs: [String]) async throws {
        for report in try await account.orders(venueOrderIDs) { apply(report) }
    }

    func refreshBalances() async throws {
        let balances = try await account.balances()
        state.withLock { $0.balances = balances }
    }

    /// An order's state as the venue reports it: fills up to its cumulative executed quantity are booked.
    func apply(_ report: VenueOrderReport) {
        let venue = account.venue
        state.withLock { state in
            guard let id = report.clientOrderID.flatMap({ state.byClientOrderID[$0] }) ?? state.byVenueOrderID[report.venueOrderID]
            else { return }
            state.tracked[id]?.venueOrderID = report.venueOrderID
            state.byVenueOrderID[report.venueOrderID] = id
            if report.status != .pending { accept(&state, id) }
            book(&state, id, executed: report.executed, cost: report.cost, fee: report.fee, time: report.closedAt ?? report.openedAt)
            if report.status == .cancelled { finish(&state, id, reason: "\(venue): \(report.reason ?? "cancelled")") }
            if report.status == .closed { state.tracked[id]?.done = true }
        }
    }

    /// One update of the execution stream.
    func apply(_ execution: VenueExecution) {
        let venue = account.venue
        let unknown = state.withLock { state -> Bool in
            guard let id = execution.clientOrderID.flatMap({ state.byClientOrderID[$0] }) ?? state.byVenueOrderID[execution.venueOrderID]
            else { return true }
            state.tracked[id]?.venueOrderID = execution.venueOrderID
            state.byVenueOrderID[execution.venueOrderID] = id
            guard let tracked = state.tracked[id] else { return false }
            switch execution.kind {
            case .new, .status:
                accept(&state, id)
            case .trade:
                accept(&state, id)
                let executed = execution.cumulativeQuantity ?? tracked.bookedQuantity + (execution.lastQuantity ?? .zero)
                let lastCost = execution.lastPrice.flatMap { price in execution.lastQuantity.flatMap { price.notional($0) } } ?? .zero
                let cost = execution.cumulativeCost ?? tracked.bookedCost + lastCost
                let fee = tracked.bookedFee + (execution.fee ?? .zero)
                book(&state, id, executed: executed, cost: cost, fee: fee, time: execution.time ?? tracked.order.createdAt)
            case .filled:
                state.tracked[id]?.done = true
            case .cancelled:
                finish(&state, id, reason: "\(venue): \(execution.reason ?? "cancelled")")
            case .pendingNew, .other:
                break
            }
            return false
        }
        if unknown, execution.kind == .new || execution.kind == .trade {
            reportExternal(
                execution.venueOrderID, "an order on the account that this run did not place; left alone",
                ["symbol": execution.symbol ?? "?"])
        }
    }

    /// Books what executed beyond what was booked, as one fill at the average price of the difference.
    private func book(_ state: inout State, _ id: String, executed: Quantity, cost: Money, fee: Money, time: Int64) {
        guard let tracked = state.tracked[id], executed > tracked.bookedQuantity else { return }
        let quantity = executed - tracked.bookedQuantity
        let spent = cost - tracked.bookedCost
        let tick = state.ticks[tracked.order.instrument]
        // The average price of the difference, rounded to the venue's tick; 128-bit, so no cost overflows.
        let (high, low) = spent.raw.multipliedFullWidth(by: FixedPoint.scale)
        let (average, _) = quantity.raw.dividingFullWidth((high, low))
        let price = Price(raw: average, precision: tick.precision).rounded(toTick: tick) ?? Price(raw: average, precision: tick.precision)
        let fill = Fill(
            orderID: id, instrument: tracked.order.instrument, side: tracked.order.side, quantity: quantity, price: price,
            fee: max(fee - tracked.bookedFee, .zero), time: time)
        state.tracked[id]?.bookedQuantity = executed
        state.tracked[id]?.bookedCost = cost
        state.tracked[id]?.bookedFee = max(fee, tracked.bookedFee)
        state.events.append(.filled(fill))
        state.bookedFills += 1
        if executed >= tracked.total {
            state.tracked[id]?.done = true
        } else {
            // Partly filled: the rest is still working (the engine takes a fill as the end of an
            // order; without this it would neither cancel nor count the rest, and could trade it twice).
            var rest = tracked.order
            rest.quantity = tracked.total - executed
            state.tracked[id]?.order = rest
            state.events.append(.accepted(rest))
        }
    }

    private func finish(_ state: inout State, _ id: String, reason: String) {
        guard let tracked = state.tracked[id], !tracked.done else { return }
        state.tracked[id]?.done = true
        state.events.append(.cancelled(tracked.order, reason))
    }

    /// Marks an order accepted once, and queues the event.
    func accept(_ state: inout State, _ id: String) {
        guard let tracked = state.tracked[id], !tracked.accepted else { return }
        state.tracked[id]?.accepted = true
        state.events.append(.accepted(tracked.order))
    }

    /// Logs, once per venue id, an order or trade on the account that is not the run's.
    func reportExternal(_ id: String, _ what: String, _ details: [String: String]) {
        guard state.withLock({ $0.reportedExternal.insert(id).inserted }) else { return }
        var metadata = details.reduce(into: Logger.Metadata()) { $0[$1.key] = "\($1.value)" }
        metadata["\(account.venue.lowercased())_id"] = "\(id)"
        logger.withLock { $0 }.warning("\(what)", metadata: metadata)
    }
}
