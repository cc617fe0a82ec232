import Foundation
import SignetCrypto
import Trader

/// What Signet asks `AddOrder` for.
public struct KrakenOrderRequest: Sendable, Hashable {
    /// `altname` or REST key of the pair.
    public var pair: String
    public var side: Side
    /// `market` or `limit` (Signet's stop orders are not sent to Kraken).
    public var limitPrice: Price?
    public var volume: Quantity
    /// `cl_ord_id`: the client order id that makes a resubmission recognisable.
    public var clientOrderID: String
    /// `timeinforce` `IOC` when true, else Kraken's default `GTC`.
    public var immediateOrCancel: Bool

    public init(
        pair: String, side: Side, limitPrice: Price? = nil, volume: Quantity, clientOrderID: String, immediateOrCancel: Bool = false
    ) {
        self.pair = pair
        self.side = side
        self.limitPrice = limitPrice
        self.volume = volume
        self.clientOrderID = clientOrderID
        self.immediateOrCancel = immediateOrCancel
    }

    /// The form fields, without `nonce`.
    var parameters: [(String, String)] {
        var fields: [(String, String)] = [
            ("ordertype", limitPrice == nil ? "market" : "limit"), ("type", side.rawValue), ("volume", volume.description), ("pair", pair),
            ("cl_ord_id", clientOrderID),
        ]
        if let limitPrice { fields.append(("price", limitPrice.description)) }
        if immediateOrCancel { fields.append(("timeinforce", "IOC")) }
        return fields
    }

    /// Kraken's `cl_ord_id` for a Signet order id: the id itself when Kraken accepts it as free
    /// text (up to 18 characters), else a UUID derived from it, so that the same order always maps
    /// to the same client id, across restarts too.
    public static func clientOrderID(for orderID: String) throws -> String {
        let plain = orderID.utf8.count <= 18 && orderID.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        if plain { return orderID }
        let digest = try Digests.sha256(Array(orderID.utf8))
        var bytes = Array(digest.prefix(16))
        // Shaped as a version-4 UUID (version and variant bits set), lowercase, as Kraken's examples.
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Hex.encode(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}

/// An order as `OpenOrders`, `ClosedOrders` and `QueryOrders` describe it.
public struct KrakenOrderInfo: Sendable, Hashable {
    public enum Status: String, Sendable { case pending, open, closed, canceled, expired }

    public var txid: String
    public var clientOrderID: String?
    public var status: Status
    /// `descr.pair`: the altname.
    public var pair: String
    public var side: Side
    /// `descr.ordertype`.
    public var orderType: String
    /// `descr.price` for limit orders.
    public var limitPrice: Price?
    public var volume: Quantity
    public var executed: Quantity
    /// Total cost of what executed, quote currency.
    public var cost: Money
    /// Total fee, quote currency.
    public var fee: Money
    /// Average fill price (`price`).
    public var averagePrice: Price?
    /// `opentm`, Unix milliseconds.
    public var openedAt: Int64
    public var closedAt: Int64?
    /// Trade ids, when asked for (`trades=true`).
    public var trades: [String]
    /// Why it was cancelled or expired.
    public var reason: String?

    public init(
        txid: String, clientOrderID: String?, status: Status, pair: String, side: Side, orderType: String, limitPrice: Price?,
        volume: Quantity, executed: Quantity, cost: Money, fee: Money, averagePrice: Price?, openedAt: Int64, closedAt: Int64?,
        trades: [String], reason: String?
    ) {
        self.txid = txid
        self.clientOrderID = clientOrderID
        self.status = status
        self.pair = pair
        self.side = side
        self.orderType = orderType
        self.limitPrice = limitPrice
        self.volume = volume
        self.executed = executed
        self.cost = cost
        self.fee = fee
        self.averagePrice = averagePrice
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.trades = trades
        self.reason = reason
    }
}

/// One of the account's trades, as `TradesHistory` and `QueryTrades` describe it.
public struct KrakenTrade: Sendable, Hashable {
    public var id: String
    public var orderTxid: String
    /// The REST pair key (`XXBTZUSD`).
    public var pair: String
    public var side: Side
    public var price: Price
    public var volume: Quantity
    /// Quote currency.
    public var fee: Money
    /// Unix milliseconds.
    public var time: Int64

    public init(id: String, orderTxid: String, pair: String, side: Side, price: Price, volume: Quantity, fee: Money, time: Int64) {
        self.id = id
        self.orderTxid = orderTxid
        self.pair = pair
        self.side = side
        self.price = price
        self.volume = volume
        self.fee = fee
        self.time = time
    }
}

/// Reading Kraken's JSON: REST sends decimals as strings, WebSocket v2 as numbers.
enum KrakenValue {
    static func text(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return decimalText(number)
        default: return nil
        }
    }

    /// A JSON number's shortest round-trip decimal: the literal Kraken sent, for prices and sizes.
    static func decimalText(_ number: NSNumber) -> String {
        let double = number.doubleValue
        if double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
        return "\(double)"
    }

    static func price(_ value: Any?) -> Price? {
        text(value).flatMap { FixedPoint.parse(Substring($0), roundExcess: true) }.map { Price(raw: $0.raw, precision: $0.precision) }
    }

    static func quantity(_ value: Any?) -> Quantity? {
        text(value).flatMap { FixedPoint.parse(Substring($0), roundExcess: true) }.map { Quantity(raw: $0.raw, precision: $0.precision) }
    }

    static func money(_ value: Any?) -> Money? {
        text(value).flatMap { FixedPoint.parse(Substring($0), roundExcess: true) }.map { Money(raw: $0.raw) }
    }

    /// Kraken's `opentm`/`time` (seconds, fractional) as Unix milliseconds.
    static func milliseconds(_ value: Any?) -> Int64? {
        guard let text = text(value), let seconds = Double(text) else { return nil }
        return Int64((seconds * 1000).rounded())
    }
}
