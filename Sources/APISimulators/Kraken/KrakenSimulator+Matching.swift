import Foundation
import Trader

extension KrakenSimulator {
    struct Refusal: Error { var text: String }

    /// What Kraken would refuse before placing: minimum, decimals, tick.
    func check(market: Int, side: Side, volume: Quantity, limit: Price?) -> String? {
        let pair = markets[market].pair
        let lot = FixedPoint.scale / (0..<min(pair.lotDecimals, 8)).reduce(Int64(1)) { value, _ in value * 10 }
        if volume.raw <= 0 || volume.raw % lot != 0 { return "EGeneral:Invalid arguments:volume" }
        if volume < pair.orderMinimum { return "EOrder:Order minimum not met" }
        if let limit, limit.raw <= 0 || limit.raw % pair.tickSize.raw != 0 { return "EGeneral:Invalid arguments:price" }
        return nil
    }

    /// The time of the candle now forming on `market`, Unix ms.
    func currentTime(_ state: State, market: Int) -> Int64 { markets[market].candles[state.cursor[market]].time }

    /// The last traded price: the open of the candle now forming.
    func lastPrice(_ state: State, market: Int) -> Price { markets[market].candles[state.cursor[market]].open }

    /// Places an order (funds reserved as Kraken does for spot), filling it at once when it is
    /// marketable at the last price.
    func place(
        _ state: inout State, market: Int, side: Side, volume: Quantity, limit: Price?, clientOrderID: String?, immediateOrCancel: Bool,
        messages: inout [(String, Bool)]
    ) -> Result<String, Refusal> {
        let pair = markets[market].pair
        if let clientOrderID, state.orders.values.contains(where: { $0.status == "open" && $0.clientOrderID == clientOrderID }) {
            return .failure(Refusal(text: "EGeneral:Invalid arguments:cl_ord_id already used by an open order"))
        }
        let price = limit ?? lastPrice(state, market: market)
        guard let notional = price.notional(volume) else { return .failure(Refusal(text: "EGeneral:Invalid arguments:volume")) }
        let needed = side == .buy ? notional + notional.basisPoints(feeBasisPoints) : Money(raw: volume.raw)
        let asset = side == .buy ? pair.quoteAsset : pair.baseAsset
        if needed > (state.balances[asset] ?? .zero) - reserved(state, asset: asset) {
            return .failure(Refusal(text: "EOrder:Insufficient funds"))
        }
        state.orderSequence += 1
        let sequence = state.orderSequence
        let txid = "O\(Self.code(sequence, 5))-SIMKR-\(Self.code(sequence * 7919 % 1_000_000, 6))"
        let order = Order(
            txid: txid, clientOrderID: clientOrderID, pair: pair, side: side, limit: limit, volume: volume,
            opened: currentTime(state, market: market), immediateOrCancel: immediateOrCancel)
        state.orders[txid] = order
        messages.append((Self.execution(order, type: "new"), true))
        let last = lastPrice(state, market: market)
        let marketable = limit.map { side == .buy ? last <= $0 : last >= $0 } ?? true
        if marketable {
            fill(&state, txid: txid, at: last, messages: &messages)
        } else if immediateOrCancel {
            var cancelled = order
            cancelled.status = "canceled"
            cancelled.closed = order.opened
            cancelled.reason = "Immediate or cancel"
            state.orders[txid] = cancelled
            messages.append((Self.execution(cancelled, type: "canceled"), true))
        }
        return .success(txid)
    }

    /// Funds held by open orders in `asset`.
    private func reserved(_ state: State, asset: String) -> Money {
        state.orders.values.filter { $0.status == "open" }.reduce(Money.zero) { total, order in
            let left = order.volume - order.executed
            if order.side == .buy, order.pair.quoteAsset == asset, let limit = order.limit, let notional = limit.notional(left) {
                return total + notional + notional.basisPoints(feeBasisPoints)
            }
            if order.side == .sell, order.pair.baseAsset == asset { return total + Money(raw: left.raw) }
            return total
        }
    }

    /// Fills `part` of an order (default: all that is left) at `price` as one trade, moving balances.
    func fill(_ state: inout State, txid: String, at price: Price, part: Quantity? = nil, messages: inout [(String, Bool)]) {
        guard var order = state.orders[txid], order.status == "open" else { return }
        let market = markets.firstIndex { $0.pair == order.pair } ?? 0
        let volume = min(part ?? order.volume - order.executed, order.volume - order.executed)
        guard let cost = price.notional(volume) else { return }
        let fee = cost.basisPoints(feeBasisPoints)
        let time = currentTime(state, market: market)
        let id = "T\(Self.code(state.trades.count + 1, 5))-SIMKR-\(Self.code((state.trades.count + 1) * 104_729 % 1_000_000, 6))"
        let base = order.pair.baseAsset, quote = order.pair.quoteAsset
        if order.side == .buy {
            state.balances[quote, default: .zero] = state.balances[quote, default: .zero] - cost - fee
            state.balances[base, default: .zero] = state.balances[base, default: .zero] + Money(raw: volume.raw)
        } else {
            state.balances[quote, default: .zero] = state.balances[quote, default: .zero] + cost - fee
            state.balances[base, default: .zero] = state.balances[base, default: .zero] - Money(raw: volume.raw)
        }
        order.executed = order.executed + volume
        order.cost = order.cost + cost
        order.fee = order.fee + fee
        order.trades.append(id)
        if order.executed == order.volume {
            order.status = "closed"
            order.closed = time
        }
        state.orders[txid] = order
        let trade = Trade(
            id: id, order: txid, pair: order.pair, side: order.side, price: price, volume: volume, cost: cost, fee: fee, time: time,
            orderType: order.limit == nil ? "market" : "limit")
        state.trades.append(trade)
        messages.append((Self.execution(order, type: "trade", trade: trade), true))
        if order.status == "closed" { messages.append((Self.execution(order, type: "filled"), true)) }
    }

    /// Resting limit orders against the candle now completing.
    func match(_ state: inout State, market: Int) -> [(String, Bool)] {
        let candle = markets[market].candles[state.cursor[market]]
        var messages: [(String, Bool)] = []
        let resting = state.orders.values.filter { $0.status == "open" && $0.pair == markets[market].pair }
            .sorted { $0.opened < $1.opened || ($0.opened == $1.opened && $0.txid < $1.txid) }
        for order in resting {
            guard let limit = order.limit else { continue }
            if order.side == .buy, candle.low <= limit {
                fill(&state, txid: order.txid, at: min(candle.open, limit), messages: &messages)
            }
            if order.side == .sell, candle.high >= limit {
                fill(&state, txid: order.txid, at: max(candle.open, limit), messages: &messages)
            }
        }
        return messages
    }

    /// One interval passes on `market`: resting orders match against the forming candle, its final
    /// values go out, and the next candle opens.
    func step(_ state: inout State, market: Int) -> [(String, Bool)] {
        var messages = match(&state, market: market)
        let pair = markets[market].pair
        messages.append((
            Self.ohlc(
                [markets[market].candles[state.cursor[market]]], pair: pair, interval: markets[market].intervalMinutes, type: "update"),
            false))
        state.cursor[market] += 1
        let opened = Self.opening(markets[market].candles[state.cursor[market]])
        messages.append((Self.ohlc([opened], pair: pair, interval: markets[market].intervalMinutes, type: "update"), false))
        messages.append((Self.ticker(opened.close, pair: pair, type: "update"), false))
        return messages
    }

    /// Kraken's order and trade id shape: upper-case letters and digits.
    static func code(_ value: Int, _ width: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var number = value
        var text = ""
        for _ in 0..<width {
            text = String(alphabet[number % alphabet.count]) + text
            number /= alphabet.count
        }
        return text
    }
}
