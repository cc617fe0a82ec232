import Foundation
import Trader

/// A subscriber's receipt for a signal it mirrored: when the publisher sealed it, when it arrived
/// at the subscriber, and the fill it led to. Posted as signed text (the subscriber's signature line,
/// see docs/PROTOCOL.md section 12) to a Slack channel the publisher reads, so the publisher sees
/// its delivery latency across subscribers. Lives with the payloads because both sides read it:
/// the subscriber writes it, the publisher's `signet receipts` parses it.
public struct Receipt: Sendable, Equatable {
    /// The signal's channel id (hex); not in the text, it comes from the signature line.
    public var channel: String
    /// The signal's sequence on its channel.
    public var sequence: UInt64
    /// When the publisher sealed the signal, Unix ms.
    public var sealedAt: Int64
    /// When the subscriber stored it, Unix ms.
    public var arrivedAt: Int64
    /// The subscriber's fill: side, quantity and symbol (the subscriber's own symbol).
    public var side: Side
    public var quantity: Quantity
    public var symbol: String
    /// The subscriber's fill price.
    public var price: Price

    /// A receipt for the fill of `quantity` `symbol` at `price` that signal `sequence` of `channel` led to.
    public init(
        channel: String, sequence: UInt64, sealedAt: Int64, arrivedAt: Int64, side: Side, quantity: Quantity, symbol: String, price: Price
    ) {
        self.channel = channel
        self.sequence = sequence
        self.sealedAt = sealedAt
        self.arrivedAt = arrivedAt
        self.side = side
        self.quantity = quantity
        self.symbol = symbol
        self.price = price
    }

    /// Delivery latency: sealed by the publisher → stored by the subscriber, ms.
    public var latency: Int64 { arrivedAt - sealedAt }

    /// `RECEIPT #12 · sealed 1764500000000 · arrived 1764500000012 · filled buy 0.1 EUR/USD @ 1.0921`
    public var text: String {
        "RECEIPT #\(sequence) · sealed \(sealedAt) · arrived \(arrivedAt) · filled \(side.rawValue) \(quantity) \(symbol) @ \(price)"
    }

    /// Reads a receipt's text (the channel comes from its signature line); nil for any other text.
    public static func parse(_ text: String, channel: String) -> Receipt? {
        let parts = text.components(separatedBy: " · ")
        guard parts.count == 4, parts[0].hasPrefix("RECEIPT #"), let sequence = UInt64(parts[0].dropFirst("RECEIPT #".count)),
            parts[1].hasPrefix("sealed "), let sealed = Int64(parts[1].dropFirst("sealed ".count)),
            parts[2].hasPrefix("arrived "), let arrived = Int64(parts[2].dropFirst("arrived ".count))
        else { return nil }
        let fill = parts[3].split(separator: " ")
        guard fill.count == 6, fill[0] == "filled", let side = Side(rawValue: String(fill[1])), let quantity = Quantity(fill[2]),
            fill[4] == "@", let price = Price(fill[5])
        else { return nil }
        return Receipt(
            channel: channel, sequence: sequence, sealedAt: sealed, arrivedAt: arrived, side: side, quantity: quantity,
            symbol: String(fill[3]), price: price)
    }
}
