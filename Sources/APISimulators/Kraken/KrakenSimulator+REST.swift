import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignetCrypto
import Trader

extension KrakenSimulator {
    func handlePublic(_ request: Request, method: String) async throws -> Response {
        let fields = SimulatorHTTP.formFields(request.uri.query ?? "")
        let pairName = fields["pair"] as? String
        switch method {
        case "Time":
            let now = Int(Date().timeIntervalSince1970)
            return Self.answer(["unixtime": now, "rfc1123": ""])
        case "AssetPairs":
            let names = pairName.map { Set($0.split(separator: ",").map(String.init)) }
            let chosen = markets.filter { names == nil || names!.contains($0.pair.restName) || names!.contains($0.pair.altName) }
            if chosen.isEmpty { return Self.refusal("EQuery:Unknown asset pair") }
            return Self.answer(Dictionary(uniqueKeysWithValues: chosen.map { ($0.pair.restName, Self.describe($0.pair)) }))
        case "Ticker", "OHLC":
            guard let name = pairName, let index = markets.firstIndex(where: { $0.pair.restName == name || $0.pair.altName == name }) else {
                return Self.refusal("EQuery:Unknown asset pair")
            }
            let market = markets[index]
            let cursor = state.withLock { $0.cursor[index] }
            let candles = (0...cursor).map { $0 == cursor ? Self.opening(market.candles[$0]) : market.candles[$0] }
            if method == "Ticker" {
                let last = candles[cursor].close.description
                return Self.answer([
                    market.pair.restName: ["a": [last, "1", "1.000"], "b": [last, "1", "1.000"], "c": [last, "0.00100000"]],
                ])
            }
            let since = (fields["since"] as? String).flatMap(Int64.init).map { $0 * 1000 } ?? Int64.min
            let rows: [[Any]] = candles.filter { $0.time > since }.suffix(720).map {
                [
                    $0.time / 1000, $0.open.description, $0.high.description, $0.low.description, $0.close.description,
                    $0.close.description, $0.volume.description, 1,
                ]
            }
            return Self.answer([market.pair.restName: rows, "last": (candles.last?.time ?? 0) / 1000])
        default:
            return Self.refusal("EGeneral:Unknown method", status: 404)
        }
    }

    func handlePrivate(_ request: Request, method: String) async throws -> Response {
        let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
        let fault: Fault? = state.withLock { state in
            state.privateCalls.append(method)
            guard let index = state.faults.firstIndex(where: { $0.method == nil || $0.method == method }) else { return nil }
            return state.faults.remove(at: index).fault
        }
        switch fault {
        case .invalidNonce?: return Self.refusal("EAPI:Invalid nonce")
        case .rateLimit?: return Self.refusal("EAPI:Rate limit exceeded")
        case .unavailable?: return Self.refusal("EService:Unavailable")
        default: break
        }
        guard let keyHeader = HTTPField.Name("API-Key"), let signHeader = HTTPField.Name("API-Sign") else {
            return Self.refusal("EGeneral:Internal error")
        }
        guard request.headers[keyHeader] == apiKey else { return Self.refusal("EAPI:Invalid key") }
        let fields = SimulatorHTTP.formFields(body)
        guard let nonceText = fields["nonce"] as? String, let nonce = UInt64(nonceText) else {
            return Self.refusal("EAPI:Invalid nonce")
        }
        // As Kraken: base64(HMAC-SHA512(secret, path ‖ SHA256(nonce ‖ body))).
        let path = "/0/private/\(method)"
        let digest = try Digests.sha256(Array((nonceText + body).utf8))
        let expected = Digests.base64(try secret.withLock { try $0.hmacSHA512(Array(path.utf8) + digest) })
        guard request.headers[signHeader] == expected else { return Self.refusal("EAPI:Invalid signature") }
        let refusal: String? = state.withLock { state in
            guard nonce > state.lastNonce else { return "EAPI:Invalid nonce" }
            state.lastNonce = nonce
            // Kraken's Starter tier: a counter of 15 that decays 0.33 a second; order calls do not count.
            let now = clock.now
            let elapsed = Double((now - state.counter.at).components.seconds)
                + Double((now - state.counter.at).components.attoseconds) / 1e18
            let cost: Double = ["AddOrder", "CancelOrder"].contains(method)
                ? 0 : (["TradesHistory", "QueryTrades", "Ledgers"].contains(method) ? 2 : 1)
            let level = max(0, state.counter.level - elapsed * 0.33)
            guard level + cost <= 15 else { return "EAPI:Rate limit exceeded" }
            state.counter = (level + cost, now)
            return nil
        }
        if let refusal { return Self.refusal(refusal) }
        let response = perform(method, fields)
        switch fault {
        case .answerLate(let delay)?: try await Task.sleep(for: delay)
        case .dropAfterProcessing?: return SimulatorHTTP.dropped()
        default: break
        }
        return response
    }

    private func perform(_ method: String, _ fields: [String: Any]) -> Response {
        switch method {
        case "Balance":
            return Self.answer(state.withLock { $0.balances.mapValues { FixedPoint.format($0.raw, precision: 8) } })
        case "AddOrder": return addOrder(fields)
        case "CancelOrder": return cancelOrder(fields)
        case "OpenOrders", "ClosedOrders":
            let open = method == "OpenOrders"
            let client = fields["cl_ord_id"] as? String
            let start = (fields["start"] as? String).flatMap(Double.init).map { Int64($0 * 1000) } ?? Int64.min
            let chosen = state.withLock { state in
                state.orders.values.filter {
                    ($0.status == "open") == open && (client == nil || $0.clientOrderID == client) && $0.opened >= start
                }
            }
            let table: [String: Any] = Dictionary(uniqueKeysWithValues: chosen.map { ($0.txid, Self.describe($0)) })
            let count = chosen.count
            let answer: [String: Any] = open ? ["open": table] : ["closed": table, "count": count]
            return Self.answer(answer)
        case "QueryOrders":
            let ids = (fields["txid"] as? String ?? "").split(separator: ",").map(String.init)
            let found = state.withLock { state in ids.compactMap { state.orders[$0] } }
            if found.isEmpty { return Self.refusal("EOrder:Invalid order") }
            return Self.answer(Dictionary(uniqueKeysWithValues: found.map { ($0.txid, Self.describe($0)) }))
        case "TradesHistory":
            let start = (fields["start"] as? String).flatMap(Double.init).map { Int64($0 * 1000) } ?? Int64.min
            let offset = (fields["ofs"] as? String).flatMap(Int.init) ?? 0
            let all = Array(state.withLock { $0.trades.filter { $0.time >= start } }.reversed())  // newest first, as Kraken
            let page = all.dropFirst(offset).prefix(50)
            return Self.answer(["trades": Dictionary(uniqueKeysWithValues: page.map { ($0.id, Self.describe($0)) }), "count": all.count])
        case "GetWebSocketsToken":
            let token = UUID().uuidString.replacingOccurrences(of: "-", with: "")
            state.withLock { _ = $0.tokens.insert(token) }
            return Self.answer(["token": token, "expires": 900])
        default:
            return Self.refusal("EGeneral:Unknown method", status: 404)
        }
    }

    private func addOrder(_ fields: [String: Any]) -> Response {
        guard let name = fields["pair"] as? String,
            let market = markets.firstIndex(where: { $0.pair.restName == name || $0.pair.altName == name })
        else {
            return Self.refusal("EQuery:Unknown asset pair")
        }
        guard let side = (fields["type"] as? String).flatMap(Side.init(rawValue:)) else {
            return Self.refusal("EGeneral:Invalid arguments:type")
        }
        guard let volume = (fields["volume"] as? String).flatMap({ Quantity($0) }) else {
            return Self.refusal("EGeneral:Invalid arguments:volume")
        }
        let orderType = fields["ordertype"] as? String ?? ""
        var limit: Price?
        switch orderType {
        case "market": break
        case "limit":
            guard let price = (fields["price"] as? String).flatMap({ Price($0) }) else {
                return Self.refusal("EGeneral:Invalid arguments:price")
            }
            limit = price
        default: return Self.refusal("EGeneral:Invalid arguments:ordertype")
        }
        let pair = markets[market].pair
        let description = "\(side.rawValue) \(volume) \(pair.altName) @ \(limit.map { "limit \($0)" } ?? "market")"
        if let problem = check(market: market, side: side, volume: volume, limit: limit) { return Self.refusal(problem) }
        if (fields["validate"] as? String) == "true" { return Self.answer(["descr": ["order": description]]) }
        var messages: [(String, Bool)] = []
        let result = state.withLock { state in
            place(&state, market: market, side: side, volume: volume, limit: limit, clientOrderID: fields["cl_ord_id"] as? String,
                  immediateOrCancel: (fields["timeinforce"] as? String) == "IOC", messages: &messages)
        }
        broadcast(messages)
        switch result {
        case .success(let txid): return Self.answer(["descr": ["order": description], "txid": [txid]])
        case .failure(let error): return Self.refusal(error.text)
        }
    }

    private func cancelOrder(_ fields: [String: Any]) -> Response {
        let txid = fields["txid"] as? String, client = fields["cl_ord_id"] as? String
        var messages: [(String, Bool)] = []
        let count = state.withLock { state in
            let ids = state.orders.values
                .filter { $0.status == "open" && ($0.txid == txid || (client != nil && $0.clientOrderID == client)) }
                .map(\.txid)
            for id in ids {
                guard var order = state.orders[id] else { continue }
                order.status = "canceled"
                order.closed = currentTime(state, market: markets.firstIndex { $0.pair == order.pair } ?? 0)
                order.reason = "User requested"
                state.orders[id] = order
                messages.append((Self.execution(order, type: "canceled"), true))
            }
            return ids.count
        }
        broadcast(messages)
        return count == 0 ? Self.refusal("EOrder:Unknown order") : Self.answer(["count": count])
    }

    static func answer(_ result: Any) -> Response { SimulatorHTTP.json(200, ["error": [String](), "result": result]) }

    /// Kraken refuses with HTTP 200 and the `error` array.
    static func refusal(_ error: String, status: Int = 200) -> Response { SimulatorHTTP.json(status, ["error": [error]]) }

    static func describe(_ pair: Pair) -> [String: Any] {
        [
            "altname": pair.altName, "wsname": pair.symbol.replacingOccurrences(of: "BTC", with: "XBT"), "base": pair.baseAsset,
            "quote": pair.quoteAsset,
            "pair_decimals": Int(pair.tickSize.precision), "lot_decimals": pair.lotDecimals, "cost_decimals": 5, "lot_multiplier": 1,
            "ordermin": pair.orderMinimum.description, "costmin": "0.5", "tick_size": pair.tickSize.description, "status": pair.status,
            "aclass_base": "currency", "aclass_quote": "currency", "lot": "unit", "fee_volume_currency": "ZUSD",
        ]
    }

    static func describe(_ order: Order) -> [String: Any] {
        var info: [String: Any] = [
            "refid": NSNull(), "userref": 0, "status": order.status, "opentm": Double(order.opened) / 1000, "starttm": 0, "expiretm": 0,
            "descr": [
                "pair": order.pair.altName, "type": order.side.rawValue, "ordertype": order.limit == nil ? "market" : "limit",
                "price": order.limit?.description ?? "0", "price2": "0", "leverage": "none", "close": "",
                "order": "\(order.side.rawValue) \(order.volume) \(order.pair.altName) @ \(order.limit.map { "limit \($0)" } ?? "market")",
            ],
            "vol": FixedPoint.format(order.volume.raw, precision: 8), "vol_exec": FixedPoint.format(order.executed.raw, precision: 8),
            "cost": FixedPoint.format(order.cost.raw, precision: 5), "fee": FixedPoint.format(order.fee.raw, precision: 5),
            "price": order.executed.isZero ? "0" : (averagePrice(order).map { $0.description } ?? "0"),
            "stopprice": "0", "limitprice": "0", "misc": "", "oflags": "fciq", "trades": order.trades,
        ]
        if let client = order.clientOrderID { info["cl_ord_id"] = client }
        if let closed = order.closed { info["closetm"] = Double(closed) / 1000 }
        if let reason = order.reason { info["reason"] = reason }
        return info
    }

    static func describe(_ trade: Trade) -> [String: Any] {
        [
            "ordertxid": trade.order, "postxid": "TKH2SE-M7IF5-CFI7LT", "pair": trade.pair.restName, "time": Double(trade.time) / 1000,
            "type": trade.side.rawValue, "ordertype": trade.orderType, "price": trade.price.description,
            "cost": FixedPoint.format(trade.cost.raw, precision: 5), "fee": FixedPoint.format(trade.fee.raw, precision: 5),
            "vol": FixedPoint.format(trade.volume.raw, precision: 8), "margin": "0.00000", "misc": "",
            "trade_id": Int(trade.id.filter(\.isNumber)) ?? 0, "maker": false,
        ]
    }

    static func averagePrice(_ order: Order) -> Price? {
        guard order.executed.raw > 0 else { return nil }
        // cost / volume, both with 8 decimals, in full width so large costs cannot overflow.
        let (high, low) = order.cost.raw.multipliedFullWidth(by: FixedPoint.scale)
        let (quotient, _) = order.executed.raw.dividingFullWidth((high, low))
        return Price(raw: quotient, precision: order.pair.tickSize.precision).rounded(toTick: order.pair.tickSize)
    }

    /// A candle as it looks when it has just opened.
    static func opening(_ candle: Bar) -> Bar {
        Bar(
            instrument: candle.instrument, time: candle.time, open: candle.open, high: candle.open, low: candle.open, close: candle.open,
            volume: .zero)
    }
}
