import Foundation
import SignalWire
import Trader

/// How well a subscriber copied its publisher, from its inbox and journal: for each mirrored fill,
/// the signal's age when it arrived, the time from arrival to the order, and the fill's slippage
/// against the price the publisher signalled and against the publisher's own fill; and the
/// signals that were not copied, by reason.
public struct CopyMetrics: Sendable {
    public struct Trade: Sendable, Equatable {
        public var orderID: String
        public var symbol: String
        public var side: Side
        /// The signal's sequence on its channel.
        public var sequence: UInt64
        /// Sealed by the publisher → stored here, ms.
        public var ageOnArrival: Int64
        /// Stored here → acted on (the order handed to the broker), ms; nil for inboxes of older versions.
        public var timeToOrder: Int64?
        public var fillPrice: Price
        public var signalPrice: Price?
        public var publisherFill: Price?

        /// Against the price the signal carried, basis points; positive is worse for the subscriber.
        public var signalSlippage: Int64? { signalPrice.flatMap { fillPrice.slippage(against: $0, side: side) } }
        /// Against the publisher's own fill of the same order, basis points; positive is worse.
        public var publisherSlippage: Int64? { publisherFill.flatMap { fillPrice.slippage(against: $0, side: side) } }
    }

    public var trades: [Trade]
    /// Signals not copied, by reason.
    public var skipped: [String: Int]

    /// Reads a mirror run's inbox and orders.csv.
    public init(inbox: Inbox, ordersPath: String) throws {
        let records = try inbox.all()
        var bySequence: [String: Inbox.Record] = [:]
        var publisherFills: [String: Price] = [:]
        skipped = [:]
        for record in records {
            bySequence[MirrorBoard.SignalID(publisher: record.publisher, channel: record.channel, sequence: record.sequence).tag] = record
            if record.status == .skipped { skipped[record.reason ?? record.status.rawValue, default: 0] += 1 }
            if record.kind == "fill", case .fill(let fill)? = try? SignalPayload.decode(Array(record.payload.utf8)).body {
                publisherFills[fill.orderID] = fill.price
            }
        }
        let fills = Dictionary(try CSVJournal.fills(atPath: ordersPath).map { ($0.orderID, $0) }, uniquingKeysWith: { a, _ in a })
        trades = try CSVJournal.submittedOrders(atPath: ordersPath).compactMap { order -> Trade? in
            guard let record = bySequence[order.tag], let fill = fills[order.orderID] else { return nil }
            var signalPrice: Price?
            var publisherFill: Price?
            switch try? SignalPayload.decode(Array(record.payload.utf8)).body {
            case .order(let signalled)?:
                signalPrice = signalled.price
                publisherFill = publisherFills[signalled.id]
            case .targets(let snapshot)?:
                let targets = snapshot.targets
                // The snapshot's price of the publisher's instrument this order copies (the symbol map may rename it).
                signalPrice = targets.first { $0.symbol == order.symbol }?.price ?? (targets.count == 1 ? targets[0].price : nil)
            default:
                break
            }
            return Trade(
                orderID: order.orderID, symbol: order.symbol, side: order.side, sequence: record.sequence,
                ageOnArrival: record.receivedAt - record.sealedAt, timeToOrder: record.settledAt.map { $0 - record.receivedAt },
                fillPrice: fill.price, signalPrice: signalPrice, publisherFill: publisherFill)
        }
    }
}
