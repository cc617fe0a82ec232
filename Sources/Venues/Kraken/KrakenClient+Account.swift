import Foundation
import Trader

extension KrakenClient {
    /// `Balance`: the account's balances by Kraken asset code (`XXBT`, `ZUSD`).
    public func balance() async throws -> [String: Money] {
        let result = try await privateCall("Balance", idempotent: true)
        guard let table = result as? [String: Any] else { throw Self.malformed("Balance") }
        return table.reduce(into: [:]) { balances, entry in
            if let amount = KrakenValue.money(entry.value) { balances[entry.key] = amount }
        }
    }

    /// `AddOrder` once, as it is: no lookup, no retry of an unknown outcome. With `validate`,
    /// Kraken checks the order and places nothing.
    public func addOrder(_ request: KrakenOrderRequest, validate: Bool = false) async throws -> [String] {
        let parameters = request.parameters + (validate ? [("validate", "true")] : [])
        let result = try await privateCall("AddOrder", parameters, idempotent: false)
        guard let table = result as? [String: Any] else { throw Self.malformed("AddOrder") }
        return table["txid"] as? [String] ?? []
    }

    /// Places an order exactly once: when `AddOrder`'s outcome is unknown (a timeout, a dropped
    /// connection, `EService:Unavailable`), the order is looked up by its `cl_ord_id` among open
    /// and closed orders before anything is sent again. Returns the order's txid.
    public func placeOrder(_ request: KrakenOrderRequest) async throws -> String {
        var attempt = 1
        while true {
            do {
                guard let txid = try await addOrder(request).first else { throw Self.malformed("AddOrder") }
                return txid
            } catch let error as KrakenError where error.retry == .queryFirst && attempt < maxAttempts {
                logger.warning("Kraken AddOrder outcome unknown; looking the order up before sending it again", metadata: [
                    "cl_ord_id": "\(request.clientOrderID)", "error": "\(error)",
                ])
                try await sleeper.sleep(for: .seconds(1 << min(attempt - 1, 4)))
                if let found = try await order(clientOrderID: request.clientOrderID) {
                    logger.notice(
                        "Kraken had placed the order; not sending it again",
                        metadata: ["cl_ord_id": "\(request.clientOrderID)", "txid": "\(found.txid)"])
                    return found.txid
                }
                attempt += 1
            }
        }
    }

    /// The order with this client order id, open or recently closed, if Kraken has one.
    public func order(clientOrderID: String) async throws -> KrakenOrderInfo? {
        if let open = try await openOrders(clientOrderID: clientOrderID).first { return open }
        return try await closedOrders(clientOrderID: clientOrderID).first
    }

    /// `CancelOrder` by txid or `cl_ord_id`; returns how many orders were cancelled. Cancelling is
    /// idempotent (an order already gone answers `EOrder:Unknown order`), so it is retried.
    @discardableResult
    public func cancelOrder(txid: String? = nil, clientOrderID: String? = nil) async throws -> Int {
        let parameters = txid.map { [("txid", $0)] } ?? clientOrderID.map { [("cl_ord_id", $0)] } ?? []
        let result = try await privateCall("CancelOrder", parameters, idempotent: true)
        return ((result as? [String: Any])?["count"] as? NSNumber)?.intValue ?? 0
    }

    /// `OpenOrders` (with trade ids), optionally only the one with this client order id.
    public func openOrders(clientOrderID: String? = nil) async throws -> [KrakenOrderInfo] {
        var parameters = [("trades", "true")]
        if let clientOrderID { parameters.append(("cl_ord_id", clientOrderID)) }
        let result = try await privateCall("OpenOrders", parameters, idempotent: true)
        guard let table = (result as? [String: Any])?["open"] as? [String: Any] else { throw Self.malformed("OpenOrders") }
        return Self.orders(table)
    }

    /// `ClosedOrders` since `start` (Unix seconds), optionally only the one with this client order id.
    public func closedOrders(clientOrderID: String? = nil, start: Int64? = nil) async throws -> [KrakenOrderInfo] {
        var parameters = [("trades", "true")]
        if let clientOrderID { parameters.append(("cl_ord_id", clientOrderID)) }
        if let start { parameters.append(("start", String(start))) }
        let result = try await privateCall("ClosedOrders", parameters, idempotent: true)
        guard let table = (result as? [String: Any])?["closed"] as? [String: Any] else { throw Self.malformed("ClosedOrders") }
        return Self.orders(table)
    }

    /// `QueryOrders` with trade ids (at most 50 txids a call, as documented).
    public func queryOrders(_ txids: [String]) async throws -> [KrakenOrderInfo] {
        var found: [KrakenOrderInfo] = []
        for start in stride(from: 0, to: txids.count, by: 50) {
            let batch = txids[start..<min(start + 50, txids.count)]
            let result = try await privateCall(
                "QueryOrders", [("trades", "true"), ("txid", batch.joined(separator: ","))], idempotent: true)
            guard let table = result as? [String: Any] else { throw Self.malformed("QueryOrders") }
            found += Self.orders(table)
        }
        return found
    }

    /// `TradesHistory` since `start` (Unix seconds), oldest first, all pages.
    public func tradesHistory(start: Int64? = nil) async throws -> [KrakenTrade] {
        var trades: [KrakenTrade] = []
        var offset = 0
        while true {
            var parameters = [("ofs", String(offset))]
            if let start { parameters.append(("start", String(start))) }
            let result = try await privateCall("TradesHistory", parameters, idempotent: true)
            guard let body = result as? [String: Any], let table = body["trades"] as? [String: Any] else {
                throw Self.malformed("TradesHistory")
            }
            trades += table.compactMap { id, value in Self.trade(id: id, value as? [String: Any] ?? [:]) }
            offset += table.count
            let count = (body["count"] as? NSNumber)?.intValue ?? 0
            if table.isEmpty || offset >= count { break }
        }
        return trades.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    /// `GetWebSocketsToken`: the token private WebSocket channels need (valid 15 minutes to connect).
    public func webSocketsToken() async throws -> String {
        let result = try await privateCall("GetWebSocketsToken", idempotent: true)
        guard let token = (result as? [String: Any])?["token"] as? String else { throw Self.malformed("GetWebSocketsToken") }
        return token
    }

    static func orders(_ table: [String: Any]) -> [KrakenOrderInfo] {
        table.compactMap { txid, value -> KrakenOrderInfo? in
            guard let info = value as? [String: Any], let description = info["descr"] as? [String: Any],
                let status = (info["status"] as? String).flatMap(KrakenOrderInfo.Status.init(rawValue:)),
                let side = (description["type"] as? String).flatMap(Side.init(rawValue:)), let volume = KrakenValue.quantity(info["vol"])
            else { return nil }
            let orderType = description["ordertype"] as? String ?? "market"
            let limit = orderType == "limit" ? KrakenValue.price(description["price"]) : nil
            let average = KrakenValue.price(info["price"]).flatMap { $0.raw > 0 ? $0 : nil }
            return KrakenOrderInfo(
                txid: txid, clientOrderID: info["cl_ord_id"] as? String, status: status, pair: description["pair"] as? String ?? "",
                side: side, orderType: orderType, limitPrice: limit, volume: volume,
                executed: KrakenValue.quantity(info["vol_exec"]) ?? .zero, cost: KrakenValue.money(info["cost"]) ?? .zero,
                fee: KrakenValue.money(info["fee"]) ?? .zero, averagePrice: average,
                openedAt: KrakenValue.milliseconds(info["opentm"]) ?? 0, closedAt: KrakenValue.milliseconds(info["closetm"]),
                trades: info["trades"] as? [String] ?? [], reason: info["reason"] as? String)
        }.sorted { ($0.openedAt, $0.txid) < ($1.openedAt, $1.txid) }
    }

    static func trade(id: String, _ info: [String: Any]) -> KrakenTrade? {
        guard let order = info["ordertxid"] as? String, let pair = info["pair"] as? String,
            let side = (info["type"] as? String).flatMap(Side.init(rawValue:)), let price = KrakenValue.price(info["price"]),
            let volume = KrakenValue.quantity(info["vol"]), let time = KrakenValue.milliseconds(info["time"])
        else { return nil }
        return KrakenTrade(
            id: id, orderTxid: order, pair: pair, side: side, price: price, volume: volume, fee: KrakenValue.money(info["fee"]) ?? .zero,
            time: time)
    }
}
