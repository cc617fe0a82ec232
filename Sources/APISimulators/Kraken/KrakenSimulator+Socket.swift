import Foundation
import HummingbirdWebSocket
import Trader

extension KrakenSimulator {
    /// One WebSocket v2 connection: a `status` message, then subscriptions (`ticker`, `ohlc` on the
    /// public socket; `executions` with a token on the private one) with their snapshots and
    /// updates, a `heartbeat` every second, and `pong` for `ping`.
    func serveSocket(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, isPrivate: Bool) async throws {
        let id = UUID()
        let (commands, continuation) = AsyncStream<SocketCommand>.makeStream()
        state.withLock { $0.sockets[id] = Socket(continuation: continuation, isPrivate: isPrivate) }
        defer { _ = state.withLock { $0.sockets.removeValue(forKey: id) } }
        try await outbound.write(.text(Self.json([
            "channel": "status", "type": "update",
            "data": [["api_version": "v2", "connection_id": Int.random(in: 1..<Int(Int32.max)), "system": "online", "version": "2.0.10"]],
        ])))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await command in commands {
                    switch command {
                    case .send(let text): try await outbound.write(.text(text))
                    case .drop: throw SimulatorError("socket dropped by fault injection")
                    }
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(1))
                    continuation.yield(.send(#"{"channel":"heartbeat"}"#))
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                        let request = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
                    else { continue }
                    for reply in self.answer(request, socket: id, isPrivate: isPrivate) { continuation.yield(.send(reply)) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func answer(_ request: [String: Any], socket: UUID, isPrivate: Bool) -> [String] {
        let method = request["method"] as? String ?? ""
        let requestID = request["req_id"] as? Int
        let stamp = Timestamp.format(Int64(Date().timeIntervalSince1970 * 1000))
        func reply(_ fields: [String: Any]) -> String {
            var fields = fields
            fields["method"] = method
            fields["time_in"] = stamp
            fields["time_out"] = stamp
            if let requestID { fields["req_id"] = requestID }
            return Self.json(fields)
        }
        if method == "ping" {
            return [Self.json(["method": "pong", "req_id": requestID as Any? ?? NSNull(), "time_in": stamp, "time_out": stamp])]
        }
        guard method == "subscribe", let params = request["params"] as? [String: Any], let channel = params["channel"] as? String else {
            return [reply(["success": false, "error": "Unsupported method or missing params"])]
        }
        switch (channel, isPrivate) {
        case ("executions", true):
            guard let token = params["token"] as? String, state.withLock({ $0.tokens.contains(token) }) else {
                return [reply(["success": false, "error": "EAccount:Invalid permissions"])]
            }
            let (orders, trades) = state.withLock { state -> ([Order], [Trade]) in
                state.sockets[socket]?.subscriptions.insert("executions")
                return (state.orders.values.filter { $0.status == "open" }.sorted { $0.opened < $1.opened }, Array(state.trades.suffix(50)))
            }
            var data: [[String: Any]] = []
            if params["snap_orders"] as? Bool ?? true { data += orders.map { Self.executionData($0, type: "new") } }
            if params["snap_trades"] as? Bool ?? false {
                data += trades.compactMap { trade in
                    state.withLock { $0.orders[trade.order] }.map { Self.executionData($0, type: "trade", trade: trade) }
                }
            }
            return [
                reply(["success": true, "result": ["channel": "executions", "snapshot": true]]),
                Self.json(["channel": "executions", "type": "snapshot", "data": data]),
            ]
        case ("ticker", false), ("ohlc", false):
            let symbols = params["symbol"] as? [String] ?? []
            var replies: [String] = []
            for symbol in symbols {
                guard let index = markets.firstIndex(where: { $0.pair.symbol == symbol }) else {
                    replies.append(reply(["success": false, "error": "Currency pair not supported \(symbol)", "symbol": symbol]))
                    continue
                }
                let market = markets[index]
                let cursor = state.withLock { state -> Int in
                    state.sockets[socket]?.subscriptions.insert(channel)
                    return state.cursor[index]
                }
                let forming = Self.opening(market.candles[cursor])
                if channel == "ticker" {
                    replies.append(reply([
                        "success": true,
                        "result": ["channel": "ticker", "symbol": symbol, "snapshot": true, "event_trigger": "trades"],
                    ]))
                    replies.append(Self.ticker(forming.close, pair: market.pair, type: "snapshot"))
                } else {
                    replies.append(reply([
                        "success": true,
                        "result": ["channel": "ohlc", "symbol": symbol, "snapshot": true, "interval": market.intervalMinutes],
                    ]))
                    let recent = Array(market.candles[max(0, cursor - 9)..<cursor]) + [forming]
                    replies.append(Self.ohlc(recent, pair: market.pair, interval: market.intervalMinutes, type: "snapshot"))
                }
            }
            return replies
        default:
            return [reply(["success": false, "error": "Channel \(channel) is not available on this connection"])]
        }
    }

    /// Sends each message to the open sockets subscribed to its channel (`true`: the private executions channel).
    func broadcast(_ messages: [(String, Bool)]) {
        guard !messages.isEmpty else { return }
        state.withLock { state in
            for (text, isPrivate) in messages {
                for socket in state.sockets.values where socket.isPrivate == isPrivate {
                    if socket.subscriptions.contains(where: { text.hasPrefix("{\"channel\":\"\($0)\"") }) {
                        socket.continuation.yield(.send(text))
                    }
                }
            }
        }
    }

    static func ohlc(_ candles: [Bar], pair: Pair, interval: Int, type: String) -> String {
        json(["channel": "ohlc", "type": type, "timestamp": Timestamp.format(candles.last?.time ?? 0), "data": candles.map { candle in
            [
                "symbol": pair.symbol, "open": candle.open.doubleValue, "high": candle.high.doubleValue, "low": candle.low.doubleValue,
                "close": candle.close.doubleValue, "trades": candle.volume.isZero ? 0 : 1, "volume": candle.volume.doubleValue,
                "vwap": candle.close.doubleValue,
                "interval_begin": Timestamp.format(candle.time), "interval": interval, "timestamp": Timestamp.format(candle.time),
            ] as [String: Any]
        }])
    }

    static func ticker(_ last: Price, pair: Pair, type: String) -> String {
        json(["channel": "ticker", "type": type, "data": [[
            "symbol": pair.symbol, "bid": last.doubleValue, "bid_qty": 1.0, "ask": last.doubleValue, "ask_qty": 1.0,
            "last": last.doubleValue,
            "volume": 1.0, "vwap": last.doubleValue, "low": last.doubleValue, "high": last.doubleValue, "change": 0.0, "change_pct": 0.0,
        ]]])
    }

    static func execution(_ order: Order, type: String, trade: Trade? = nil) -> String {
        json(["channel": "executions", "type": "update", "data": [executionData(order, type: type, trade: trade)]])
    }

    static func executionData(_ order: Order, type: String, trade: Trade? = nil) -> [String: Any] {
        let status = type == "trade"
            ? (order.executed == order.volume ? "filled" : "partially_filled")
            : (type == "canceled" ? "canceled" : (order.status == "closed" ? "filled" : "new"))
        var data: [String: Any] = [
            "order_id": order.txid, "exec_id": "E\(order.txid.suffix(6))\(type.prefix(2).uppercased())\(trade?.id.prefix(6) ?? "")",
            "exec_type": type,
            "symbol": order.pair.symbol, "side": order.side.rawValue, "order_type": order.limit == nil ? "market" : "limit",
            "order_qty": order.volume.doubleValue, "order_status": status, "cum_qty": order.executed.doubleValue,
            "cum_cost": order.cost.doubleValue, "time_in_force": order.immediateOrCancel ? "IOC" : "GTC",
            "timestamp": Timestamp.format(trade?.time ?? order.closed ?? order.opened), "order_userref": 0,
        ]
        if let client = order.clientOrderID { data["cl_ord_id"] = client }
        if let limit = order.limit { data["limit_price"] = limit.doubleValue }
        if let average = averagePrice(order) { data["avg_price"] = average.doubleValue }
        if let reason = order.reason, type == "canceled" { data["reason"] = reason }
        if let trade {
            data["trade_id"] = Int(trade.id.dropFirst().prefix(5).unicodeScalars.reduce(0) { $0 &* 36 &+ Int($1.value) } & 0x7fff_ffff)
            data["exec_id"] = trade.id
            data["last_qty"] = trade.volume.doubleValue
            data["last_price"] = trade.price.doubleValue
            data["cost"] = trade.cost.doubleValue
            data["liquidity_ind"] = "t"
            data["fees"] = [["asset": commonQuote(order.pair), "qty": trade.fee.doubleValue]]
        }
        return data
    }

    private static func commonQuote(_ pair: Pair) -> String { String(pair.symbol.split(separator: "/").last ?? "USD") }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }
}
