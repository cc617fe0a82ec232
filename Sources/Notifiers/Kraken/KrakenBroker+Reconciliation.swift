import Foundation
import Logging
import Trader

extension KrakenBroker {
    /// Compares the account with the journal, then starts the order worker, the executions
    /// socket and the REST poll. Orders the run had working are resumed (or their missed fills and
    /// cancellations booked); orders and trades on the account that this run did not make are
    /// reported, never touched.
    public func start(resuming journal: JournalState, portfolio: Portfolio, logger: Logger) async throws {
        self.logger.withLock { $0 = logger }
        let pairs = try await client.assetPairs().pairs(for: instruments.map(\.symbol))
        for (instrument, pair) in zip(instruments, pairs) {
            guard instrument.tickSize.raw % pair.tickSize.raw == 0 else {
                throw KrakenError(.invalidArguments, "\(instrument.symbol) trades in ticks of \(pair.tickSize) on Kraken; the run's tick \(instrument.tickSize) is finer, so its limit prices would be refused. Use a tick of \(pair.tickSize) or a multiple")
            }
            if pair.status != "online" { logger.warning("Kraken lists \(pair.symbol) as \(pair.status): orders may be refused", metadata: ["pair": "\(pair.restName)"]) }
        }
        state.withLock { $0.pairs = pairs }
        try await refreshBalances()

        // The journal's working orders, by the client order id Kraken knows them by.
        var working: [String: Order] = [:]
        for order in journal.workingOrders {
            let client = try KrakenOrderRequest.clientOrderID(for: order.id)
            working[client] = order
            // A working order may be partly filled already: what was booked is not booked again.
            let earlier = journal.fills.filter { $0.orderID == order.id }
            let booked = earlier.reduce((quantity: Quantity.zero, cost: Money.zero, fee: Money.zero)) { sum, fill in
                (sum.quantity + fill.quantity, sum.cost + (fill.price.notional(fill.quantity) ?? .zero), sum.fee + fill.fee)
            }
            state.withLock { state in
                state.tracked[order.id] = Tracked(order: order, clientOrderID: client, accepted: true, booked: booked)
                state.byClientOrderID[client] = order.id
            }
        }
        var externalOrders = 0
        let open = try await client.openOrders()
        for info in open {
            if let client = info.clientOrderID, working[client] != nil {
                apply(info)
                working[client] = nil
            } else {
                externalOrders += 1
                reportExternal(info.txid, "an open order on the account that this run did not place; left alone", [
                    "pair": "\(info.pair)", "side": "\(info.side.rawValue)", "volume": "\(info.volume)", "type": "\(info.orderType)",
                ])
            }
        }
        var vanished: [String] = []
        for (client, order) in working.sorted(by: { $0.value.createdAt < $1.value.createdAt }) {
            if let info = try await self.client.order(clientOrderID: client) {
                apply(info)  // filled or cancelled while the run was away
            } else {
                vanished.append(order.id)
                state.withLock { state in
                    state.tracked[order.id]?.done = true
                    state.events.append(.cancelled(order, "Kraken has no order with client id \(client): it never reached Kraken; not resent"))
                }
            }
        }
        let since = (journal.lastBarTime ?? Int64(Date().timeIntervalSince1970 * 1000)) / 1000 - 86_400
        // Orders of earlier sessions (closed since) are the run's too.
        let ours = Set(try journal.submittedOrderIDs.map { try KrakenOrderRequest.clientOrderID(for: $0) })
        let earlier = Set(try await client.closedOrders(start: since).filter { $0.clientOrderID.map(ours.contains) ?? false }.map(\.txid))
        var externalTrades = 0
        for trade in try await client.tradesHistory(start: since) where !earlier.contains(trade.orderTxid) && state.withLock({ $0.byTxid[trade.orderTxid] == nil }) {
            externalTrades += 1
            reportExternal(trade.id, "a trade on the account that this run did not make; its position is not the run's", [
                "pair": "\(trade.pair)", "side": "\(trade.side.rawValue)", "volume": "\(trade.volume)", "price": "\(trade.price)",
            ])
        }
        let booked = state.withLock { $0.bookedFills }
        logger.notice("reconciled with Kraken", metadata: [
            "working_orders": "\(journal.workingOrders.count - vanished.count)", "fills_booked": "\(booked)", "external_orders": "\(externalOrders)",
            "external_trades": "\(externalTrades)", "never_placed": "\(vanished.joined(separator: " "))",
            "balances": "\(balances.sorted { $0.key < $1.key }.map { "\($0.key)=\(FixedPoint.format($0.value.raw, precision: 8))" }.joined(separator: " "))",
        ])
        start { await self.run() }
        if let url = executionsURL {
            let socket = KrakenSocket(url: url, subscriptions: [.executions(snapTrades: false)], token: { [client] in try await client.webSocketsToken() }, logger: logger)
            start {
                do {
                    try await socket.run { event in
                        switch event {
                        case .connected(let reconnection):
                            self.state.withLock { $0.socketLive = true }
                            // Anything may have happened while the socket was down.
                            if reconnection { self.commands.yield(.reconcile) }
                        case .disconnected:
                            self.state.withLock { $0.socketLive = false }
                        case .executions(let executions, _):
                            for execution in executions { self.apply(execution) }
                        default:
                            break
                        }
                    }
                } catch is CancellationError {
                } catch {
                    self.state.withLock { if $0.failure == nil { $0.failure = error } }
                    logger.critical("Kraken executions socket failed: \(error)")
                }
            }
        }
        let interval = pollInterval
        start {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                self.commands.yield(.reconcile)
            }
        }
    }

    /// Checks every working order (and every order whose placing had an unknown outcome) over REST.
    func reconcileWorking() async throws {
        let (txids, unknown) = state.withLock { state in
            (state.tracked.values.filter { !$0.done && $0.txid != nil }.compactMap(\.txid),
             state.tracked.values.filter { !$0.done && $0.unknown && $0.txid == nil })
        }
        for tracked in unknown {
            if let info = try await client.order(clientOrderID: tracked.clientOrderID) {
                state.withLock { state in
                    state.tracked[tracked.order.id]?.unknown = false
                    state.tracked[tracked.order.id]?.txid = info.txid
                    state.byTxid[info.txid] = tracked.order.id
                }
                apply(info)
            } else {
                state.withLock { state in
                    state.tracked[tracked.order.id]?.done = true
                    state.events.append(.cancelled(tracked.order, "Kraken has no order with client id \(tracked.clientOrderID): it was never placed; not resent"))
                }
            }
        }
        if !txids.isEmpty { try await refresh(txids) }
        try await refreshBalances()
    }

    func refresh(_ txids: [String]) async throws {
        for info in try await client.queryOrders(txids) { apply(info) }
    }

    func refreshBalances() async throws {
        let raw = try await client.balance()
        let balances = raw.reduce(into: [String: Money]()) { $0[KrakenPair.commonName(ofAsset: $1.key), default: .zero] += $1.value }
        state.withLock { $0.balances = balances }
    }

    /// An order's state from REST: fills up to its cumulative executed quantity are booked.
    func apply(_ info: KrakenOrderInfo) {
        state.withLock { state in
            guard let id = info.clientOrderID.flatMap({ state.byClientOrderID[$0] }) ?? state.byTxid[info.txid] else { return }
            state.tracked[id]?.txid = info.txid
            state.byTxid[info.txid] = id
            if info.status != .pending { accept(&state, id) }
            book(&state, id, executed: info.executed, cost: info.cost, fee: info.fee, time: info.closedAt ?? info.openedAt)
            if info.status == .canceled || info.status == .expired { finish(&state, id, reason: info.reason ?? info.status.rawValue) }
            if info.status == .closed { state.tracked[id]?.done = true }
        }
    }

    /// An `executions` message.
    func apply(_ execution: KrakenExecution) {
        let unknown = state.withLock { state -> Bool in
            guard let id = execution.clientOrderID.flatMap({ state.byClientOrderID[$0] }) ?? state.byTxid[execution.orderID] else { return true }
            state.tracked[id]?.txid = execution.orderID
            state.byTxid[execution.orderID] = id
            guard let tracked = state.tracked[id] else { return false }
            switch execution.execType {
            case "new", "pending_new", "status": if execution.execType != "pending_new" { accept(&state, id) }
            case "trade":
                accept(&state, id)
                let executed = execution.cumulativeQuantity ?? tracked.bookedQuantity + (execution.lastQuantity ?? .zero)
                let lastCost = execution.lastPrice.flatMap { price in execution.lastQuantity.flatMap { price.notional($0) } } ?? .zero
                let cost = execution.cumulativeCost ?? tracked.bookedCost + lastCost
                book(&state, id, executed: executed, cost: cost, fee: tracked.bookedFee + (execution.fee ?? .zero), time: execution.time ?? tracked.order.createdAt)
            case "filled": state.tracked[id]?.done = true
            case "canceled", "expired": finish(&state, id, reason: execution.reason ?? execution.execType)
            default: break
            }
            return false
        }
        if unknown, execution.execType == "new" || execution.execType == "trade" {
            reportExternal(execution.orderID, "an order on the account that this run did not place; left alone", ["symbol": "\(execution.symbol ?? "?")"])
        }
    }

    /// Books what executed beyond what was booked, as one fill at the average price of the difference.
    private func book(_ state: inout State, _ id: String, executed: Quantity, cost: Money, fee: Money, time: Int64) {
        guard let tracked = state.tracked[id], executed > tracked.bookedQuantity else { return }
        let quantity = executed - tracked.bookedQuantity
        let spent = cost - tracked.bookedCost
        let tick = state.pairs[tracked.order.instrument].tickSize
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
        state.events.append(.cancelled(tracked.order, "Kraken: \(reason)"))
    }

    private func reportExternal(_ id: String, _ what: String, _ metadata: Logger.Metadata) {
        guard state.withLock({ $0.reportedExternal.insert(id).inserted }) else { return }
        logger.withLock { $0 }.warning("\(what)", metadata: metadata.merging(["kraken_id": "\(id)"]) { $1 })
    }
}
