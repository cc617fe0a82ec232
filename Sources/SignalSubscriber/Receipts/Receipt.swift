import Foundation
import Trader

/// A subscriber's receipt for a signal it mirrored: when the publisher sealed it, when it arrived
/// here, and the fill it led to. Posted as signed text (the subscriber's signature line, see
/// docs/PROTOCOL.md section 12) to a Slack channel the publisher reads, so the publisher sees its
/// delivery latency across subscribers.
public struct Receipt: Sendable, Equatable {
    /// The signal's channel id (hex) and sequence.
    public var channel: String
    public var sequence: UInt64
    /// Unix ms.
    public var sealedAt: Int64
    public var arrivedAt: Int64
    public var side: Side
    public var quantity: Quantity
    public var symbol: String
    public var price: Price

    public init(channel: String, sequence: UInt64, sealedAt: Int64, arrivedAt: Int64, side: Side, quantity: Quantity, symbol: String, price: Price) {
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

    /// Reads a receipt's text (the channel comes from its signature line).
    public static func parse(_ text: String, channel: String) -> Receipt? {
        let parts = text.components(separatedBy: " · ")
        guard parts.count == 4, parts[0].hasPrefix("RECEIPT #"), let sequence = UInt64(parts[0].dropFirst("RECEIPT #".count)),
            parts[1].hasPrefix("sealed "), let sealed = Int64(parts[1].dropFirst("sealed ".count)),
            parts[2].hasPrefix("arrived "), let arrived = Int64(parts[2].dropFirst("arrived ".count))
        else { return nil }
        let fill = parts[3].split(separator: " ")
        guard fill.count == 6, fill[0] == "filled", let side = Side(rawValue: String(fill[1])), let quantity = Quantity(fill[2]), fill[4] == "@",
            let price = Price(fill[5])
        else { return nil }
        return Receipt(channel: channel, sequence: sequence, sealedAt: sealed, arrivedAt: arrived, side: side, quantity: quantity, symbol: String(fill[3]), price: price)
    }
}

/// Makes a receipt for every fill of a mirrored order (its tag names the signal), with the signal's
/// times from the inbox, and hands it to `send` (a poster on its own task). Confined to the kernel's thread.
public final class ReceiptObserver: KernelObserver {
    private let instruments: [Instrument]
    private let inbox: Inbox
    private let send: @Sendable (Receipt) -> Void
    /// Mirrored orders not yet filled: order id → (channel, sequence).
    private var signals: [String: (channel: String, sequence: UInt64)] = [:]

    public init(instruments: [Instrument], inbox: Inbox, send: @escaping @Sendable (Receipt) -> Void) {
        self.instruments = instruments
        self.inbox = inbox
        self.send = send
    }

    public func kernel(submitted order: Order, marks: [Price]) {
        guard let signal = MirrorBoard.SignalID.channelAndSequence(ofTag: order.tag) else { return }
        signals[order.id] = signal
    }

    public func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {
        switch event {
        case .filled(let fill):
            guard let signal = signals.removeValue(forKey: fill.orderID), let record = try? inbox.record(channel: signal.channel, sequence: signal.sequence) else { return }
            send(Receipt(
                channel: signal.channel, sequence: signal.sequence, sealedAt: record.sealedAt, arrivedAt: record.receivedAt, side: fill.side, quantity: fill.quantity,
                symbol: instruments[fill.instrument].symbol, price: fill.price))
        case .rejected(let order, _, _), .cancelled(let order, _):
            signals[order.id] = nil
        case .accepted:
            break
        }
    }
}
