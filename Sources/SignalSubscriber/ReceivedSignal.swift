import Foundation
import Trader

/// A signal payload as a subscriber reads it (docs/PROTOCOL.md section 11). The subscriber keeps
/// its own reading of the wire format: the two signal sides share only the envelope.
public struct ReceivedSignal: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        case order(id: String, symbol: String, side: Side, quantity: Quantity, type: String, limit: Price?, price: Price)
        case fill(orderID: String, symbol: String, side: Side, quantity: Quantity, price: Price)
        case targets(equity: Money, currency: String, targets: [Target])
        case equity(equity: Money, currency: String)
        case heartbeat
        case grant(String)
        /// A signed checkpoint of the publisher's track record (its journal's hash chains).
        case checkpoint(orders: RecordState, pnl: RecordState, equity: Money, currency: String)
    }

    /// One journal file's state at a checkpoint: lines covered, chain value (hex), short digests of
    /// the lines since the previous checkpoint.
    public struct RecordState: Sendable, Equatable {
        public var lines: Int
        public var chain: String
        public var digests: [String]
    }

    public struct Target: Sendable, Equatable {
        public var symbol: String
        public var quantity: Quantity
        /// Fraction of the publisher's equity, in millionths.
        public var weightMicros: Int64
        public var price: Price
    }

    public var time: Int64
    public var source: String
    public var body: Body

    public var kind: String {
        switch body {
        case .order: "order"
        case .fill: "fill"
        case .targets: "targets"
        case .equity: "equity"
        case .heartbeat: "heartbeat"
        case .grant: "grant"
        case .checkpoint: "checkpoint"
        }
    }

    /// Reads a payload; anything missing or malformed is a ``SubscriberError`` naming the field.
    public static func decode(_ bytes: [UInt8]) throws -> ReceivedSignal {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw SubscriberError(.malformedPayload, "the signal's payload is not a JSON object")
        }
        let fields = Fields(object: object)
        guard (object["v"] as? NSNumber)?.intValue == 1 else {
            throw SubscriberError(.malformedPayload, "payload version \(object["v"] ?? "none") is not supported (this Signet reads version 1); update Signet")
        }
        let time = try fields.integer("time")
        let source = try fields.text("source")
        let body: Body
        switch try fields.text("kind") {
        case "order":
            body = .order(
                id: try fields.text("order_id"), symbol: try fields.text("symbol"), side: try fields.side(), quantity: try fields.decimal("quantity", Quantity.init),
                type: try fields.text("type"), limit: object["limit_price"] == nil ? nil : try fields.decimal("limit_price", Price.init),
                price: try fields.decimal("price", Price.init))
        case "fill":
            body = .fill(
                orderID: try fields.text("order_id"), symbol: try fields.text("symbol"), side: try fields.side(), quantity: try fields.decimal("quantity", Quantity.init),
                price: try fields.decimal("price", Price.init))
        case "targets":
            guard let list = object["targets"] as? [[String: Any]] else { throw SubscriberError(.malformedPayload, "targets: expected a list") }
            let targets = try list.map { item -> Target in
                let entry = Fields(object: item)
                return Target(
                    symbol: try entry.text("symbol"), quantity: try entry.decimal("quantity", Quantity.init),
                    weightMicros: try entry.decimal("weight") { text in Quantity(text).map { $0.raw / 100 } }, price: try entry.decimal("price", Price.init))
            }
            body = .targets(equity: try fields.decimal("equity", Money.init), currency: try fields.text("currency"), targets: targets)
        case "equity":
            body = .equity(equity: try fields.decimal("equity", Money.init), currency: try fields.text("currency"))
        case "heartbeat":
            body = .heartbeat
        case "grant":
            body = .grant(try fields.text("grant"))
        case "checkpoint":
            body = .checkpoint(
                orders: try Self.record(object["orders"], "orders"), pnl: try Self.record(object["pnl"], "pnl"), equity: try fields.decimal("equity", Money.init),
                currency: try fields.text("currency"))
        case let other:
            throw SubscriberError(.malformedPayload, "unknown signal kind '\(other)'; update Signet")
        }
        return ReceivedSignal(time: time, source: source, body: body)
    }

    private static func record(_ value: Any?, _ key: String) throws -> RecordState {
        guard let object = value as? [String: Any], let lines = (object["lines"] as? NSNumber)?.intValue, lines >= 0, let chain = object["chain"] as? String,
            chain.count == 64, let digests = object["digests"] as? [String], digests.count <= lines
        else { throw SubscriberError(.malformedPayload, "\(key): expected lines, a 64-digit chain and a list of digests") }
        return RecordState(lines: lines, chain: chain, digests: digests)
    }

    private struct Fields {
        let object: [String: Any]

        func text(_ key: String) throws -> String {
            guard let value = object[key] as? String else { throw SubscriberError(.malformedPayload, "\(key): expected text") }
            return value
        }

        func integer(_ key: String) throws -> Int64 {
            guard let value = (object[key] as? NSNumber)?.int64Value else { throw SubscriberError(.malformedPayload, "\(key): expected a whole number") }
            return value
        }

        func decimal<T>(_ key: String, _ parse: (String) -> T?) throws -> T {
            guard let text = object[key] as? String, let value = parse(text) else {
                throw SubscriberError(.malformedPayload, "\(key): expected a decimal string, found \(object[key] ?? "nothing")")
            }
            return value
        }

        func side() throws -> Side {
            guard let side = Side(rawValue: try text("side")) else { throw SubscriberError(.malformedPayload, "side: expected buy or sell") }
            return side
        }
    }
}
