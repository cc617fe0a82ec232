import Foundation
import Trader

/// What a publisher tells its subscribers, before sealing: the payload of a `sig1.` envelope
/// (content type `signal+json`), specified in docs/PROTOCOL.md ("Signal payloads"). Amounts are
/// exact decimal strings, times Unix milliseconds. Each carries the publisher's price at the
/// time, so a subscriber can refuse to trade after too much slippage.
public struct Signal: Sendable, Equatable {
    /// Payload format version.
    public static let version = 1

    public enum Body: Sendable, Equatable {
        /// An order the strategy placed.
        case order(id: String, symbol: String, side: Side, quantity: Quantity, type: String, limit: Price?, price: Price)
        /// A fill of one of the publisher's orders.
        case fill(orderID: String, symbol: String, side: Side, quantity: Quantity, price: Price, fee: Money)
        /// Every instrument's target: what a `mode: target` subscriber holds, scaled to its equity.
        case targets(equity: Money, currency: String, targets: [Target])
        /// The publisher's equity and cash.
        case equity(equity: Money, cash: Money, currency: String)
        /// Still alive, with nothing else to say.
        case heartbeat
        /// A channel grant (`signet-grant1.…`) for a subscriber.
        case grant(String)
        /// A signed checkpoint of the run's track record: the hash chains of its `orders.csv` and
        /// `pos_pnl.csv` so far, the short digests of the lines since the last checkpoint, and the equity.
        case checkpoint(orders: RecordState, pnl: RecordState, equity: Money, currency: String)

        var kind: String {
            switch self {
            case .order: "order"
            case .fill: "fill"
            case .targets: "targets"
            case .equity: "equity"
            case .heartbeat: "heartbeat"
            case .grant: "grant"
            case .checkpoint: "checkpoint"
            }
        }
    }

    /// One journal file's state at a checkpoint.
    public struct RecordState: Sendable, Equatable {
        /// Lines covered, from the file's first (its header).
        public var lines: Int
        /// The ``LineChain`` value after them, hex.
        public var chain: String
        /// Short digests of the lines since the previous checkpoint (the last `digests.count` lines covered).
        public var digests: [String]

        public init(lines: Int, chain: String, digests: [String]) {
            self.lines = lines
            self.chain = chain
            self.digests = digests
        }
    }

    /// One instrument's target: position and weight of equity, with the price they were set at.
    public struct Target: Sendable, Equatable {
        public var symbol: String
        public var quantity: Quantity
        /// Fraction of equity, as a decimal string ("0.25").
        public var weight: String
        public var price: Price

        public init(symbol: String, quantity: Quantity, weight: String, price: Price) {
            self.symbol = symbol
            self.quantity = quantity
            self.weight = weight
            self.price = price
        }
    }

    /// When the engine produced it (Unix milliseconds).
    public var time: Int64
    /// The publishing run's name.
    public var source: String
    public var body: Body

    public init(time: Int64, source: String, body: Body) {
        self.time = time
        self.source = source
        self.body = body
    }

    /// The JSON payload, keys sorted so that the same signal always seals the same bytes.
    public func json() -> [UInt8] {
        var object: [String: Any] = ["v": Self.version, "kind": body.kind, "time": time, "source": source]
        switch body {
        case .order(let id, let symbol, let side, let quantity, let type, let limit, let price):
            object.merge(["order_id": id, "symbol": symbol, "side": side.rawValue, "quantity": "\(quantity)", "type": type, "price": "\(price)"]) { $1 }
            if let limit { object["limit_price"] = "\(limit)" }
        case .fill(let orderID, let symbol, let side, let quantity, let price, let fee):
            object.merge(["order_id": orderID, "symbol": symbol, "side": side.rawValue, "quantity": "\(quantity)", "price": "\(price)", "fee": "\(fee)"]) { $1 }
        case .targets(let equity, let currency, let targets):
            object["equity"] = "\(equity)"
            object["currency"] = currency
            object["targets"] = targets.map { ["symbol": $0.symbol, "quantity": "\($0.quantity)", "weight": $0.weight, "price": "\($0.price)"] }
        case .equity(let equity, let cash, let currency):
            object.merge(["equity": "\(equity)", "cash": "\(cash)", "currency": currency]) { $1 }
        case .heartbeat:
            break
        case .grant(let grant):
            object["grant"] = grant
        case .checkpoint(let orders, let pnl, let equity, let currency):
            let state = { (record: RecordState) -> [String: Any] in ["lines": record.lines, "chain": record.chain, "digests": record.digests] }
            object.merge(["orders": state(orders), "pnl": state(pnl), "equity": "\(equity)", "currency": currency]) { $1 }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array(data)
    }

    /// One line a person reads in a chat ("BUY 0.25 BTC/USD @ 64250.10").
    public var summary: String {
        switch body {
        case .order(let id, let symbol, let side, let quantity, let type, let limit, _):
            "\(side.rawValue.uppercased()) \(quantity) \(symbol) \(type)\(limit.map { " @ \($0)" } ?? "") (order \(id))"
        case .fill(_, let symbol, let side, let quantity, let price, _):
            "FILLED \(side.rawValue.uppercased()) \(quantity) \(symbol) @ \(price)"
        case .targets(let equity, let currency, let targets):
            "TARGETS " + targets.map { "\($0.symbol) \($0.quantity) (\($0.weight))" }.joined(separator: ", ") + " · equity \(equity) \(currency)"
        case .equity(let equity, _, let currency): "EQUITY \(equity) \(currency)"
        case .heartbeat: "heartbeat"
        case .grant: "channel grant"
        case .checkpoint(let orders, let pnl, let equity, let currency):
            "TRACK RECORD orders.csv \(orders.lines) lines \(orders.chain.prefix(16))…, pos_pnl.csv \(pnl.lines) lines \(pnl.chain.prefix(16))… · equity \(equity) \(currency)"
        }
    }
}
