import Trader

extension SignalPayload {
    /// The canonical payload (docs/PROTOCOL.md section 11): one JSON object, keys sorted, no
    /// white space, `v` 1, amounts as decimal strings at their own precision, `time` a whole number.
    /// The same payload always gives the same bytes, and they are byte for byte what the publisher
    /// wrote before this module existed: outboxes store sealed bytes and resend them, and
    /// subscribers compare what they were sent.
    public func encoded() -> [UInt8] {
        var members: [String: JSONValue] = [
            "v": .number(String(Self.version)), "kind": .string(kind), "time": .number(String(time)), "source": .string(source),
        ]
        switch body {
        case .order(let order):
            members["order_id"] = .string(order.id)
            members["symbol"] = .string(order.symbol)
            members["side"] = .string(order.side.rawValue)
            members["quantity"] = .string(order.quantity.description)
            members["type"] = .string(order.type.rawValue)
            if let limit = order.limit { members["limit_price"] = .string(limit.description) }
            members["price"] = .string(order.price.description)
        case .fill(let fill):
            members["order_id"] = .string(fill.orderID)
            members["symbol"] = .string(fill.symbol)
            members["side"] = .string(fill.side.rawValue)
            members["quantity"] = .string(fill.quantity.description)
            members["price"] = .string(fill.price.description)
            members["fee"] = .string(fill.fee.description)
        case .targets(let targets):
            members["equity"] = .string(targets.equity.description)
            members["currency"] = .string(targets.currency)
            members["targets"] = .array(targets.targets.map { target in
                .object([
                    "symbol": .string(target.symbol), "quantity": .string(target.quantity.description),
                    "weight": .string(Self.weightText(target.weight)), "price": .string(target.price.description),
                ])
            })
        case .equity(let equity):
            members["equity"] = .string(equity.equity.description)
            members["cash"] = .string(equity.cash.description)
            members["currency"] = .string(equity.currency)
        case .heartbeat:
            break
        case .grant(let grant):
            members["grant"] = .string(grant)
        case .checkpoint(let checkpoint):
            members["orders"] = Self.json(checkpoint.orders)
            members["pnl"] = Self.json(checkpoint.pnl)
            members["equity"] = .string(checkpoint.equity.description)
            members["currency"] = .string(checkpoint.currency)
        }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        JSONValue.object(members).write(into: &out)
        return out
    }

    private static func json(_ record: CheckpointSignal.RecordState) -> JSONValue {
        .object([
            "lines": .number(String(record.lines)), "chain": .string(record.chain),
            "digests": .array(record.digests.map(JSONValue.string)),
        ])
    }

    /// A weight as the wire writes it: the shortest exact decimal, trailing zeros and a trailing
    /// point dropped ("0.25", "-1", "0"). Not ``Weight/description``, which always shows 4
    /// places: the wire kept the publisher's earlier, trimmed form, so payloads stay byte-identical.
    public static func weightText(_ weight: Weight) -> String {
        let scale = UInt64(FixedPoint.scale)
        let magnitude = weight.raw.magnitude
        let whole = "\(weight.raw < 0 ? "-" : "")\(magnitude / scale)"
        guard magnitude % scale != 0 else { return whole }
        var fraction = String(magnitude % scale)
        fraction = String(repeating: "0", count: FixedPoint.decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}
