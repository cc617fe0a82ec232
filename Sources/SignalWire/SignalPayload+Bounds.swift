import Trader

extension SignalPayload {
    /// Latest `time` a payload may carry (2100-01-01, Unix ms): a later one is an error or an
    /// attack, and arithmetic on it could overflow.
    public static let latestTime: Int64 = 4_102_444_800_000
    /// Largest absolute target weight (10 × equity): a publisher sizing beyond that is refused
    /// before any subscriber multiplies by it.
    public static let maxWeight = Weight(raw: 10 * FixedPoint.scale)
    /// Longest symbol (`BASE/QUOTE`).
    public static let maxSymbolLength = 32

    /// The values' own bounds, checked after the syntax: amounts a trade can have (positive
    /// quantities and prices, fees not negative), weights within ``maxWeight``, well-formed
    /// symbols, and a time between 1970 and ``latestTime``.
    func checkBounds() throws(SignalWireError) {
        guard time > 0, time <= Self.latestTime else {
            throw SignalWireError(
                .badField, field: "time", "\(time) is not a time between 1970 and 2100 in Unix milliseconds; \(PayloadFields.advice)")
        }
        switch body {
        case .order(let order):
            try Self.symbol(order.symbol, "symbol")
            try Self.positive(order.quantity.raw, "quantity", "\(order.quantity)")
            if let limit = order.limit { try Self.positive(limit.raw, "limit_price", "\(limit)") }
            // 0 is the publisher's "mark not known" (an order recovered from its journal after a crash).
            try Self.notNegative(order.price.raw, "price", "\(order.price)")
        case .fill(let fill):
            try Self.symbol(fill.symbol, "symbol")
            try Self.positive(fill.quantity.raw, "quantity", "\(fill.quantity)")
            try Self.positive(fill.price.raw, "price", "\(fill.price)")
            try Self.notNegative(fill.fee.raw, "fee", "\(fill.fee)")
        case .targets(let targets):
            try Self.notNegative(targets.equity.raw, "equity", "\(targets.equity)")
            for (index, target) in targets.targets.enumerated() {
                try Self.symbol(target.symbol, "targets[\(index)].symbol")
                try Self.positive(target.price.raw, "targets[\(index)].price", "\(target.price)")
                guard target.weight.raw.magnitude <= Self.maxWeight.raw.magnitude else {
                    throw SignalWireError(
                        .badField, field: "targets[\(index)].weight",
                        "\(target.weight) is beyond ±\(Self.maxWeight) of equity, more than any subscriber would follow; "
                            + PayloadFields.advice)
                }
            }
        case .equity, .heartbeat, .grant, .checkpoint:
            break
        }
    }

    static func positive(_ raw: Int64, _ field: String, _ shown: String) throws(SignalWireError) {
        guard raw > 0 else {
            throw SignalWireError(.badField, field: field, "expected more than 0, found \(shown); \(PayloadFields.advice)")
        }
    }

    static func notNegative(_ raw: Int64, _ field: String, _ shown: String) throws(SignalWireError) {
        guard raw >= 0 else {
            throw SignalWireError(.badField, field: field, "expected 0 or more, found \(shown); \(PayloadFields.advice)")
        }
    }

    /// `BASE/QUOTE`: letters, digits, `.`, `_`, `-` on both sides, at most ``maxSymbolLength`` characters.
    static func symbol(_ symbol: String, _ field: String) throws(SignalWireError) {
        let parts = symbol.split(separator: "/", omittingEmptySubsequences: false)
        let wellFormed = symbol.count <= maxSymbolLength && parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            }
        guard wellFormed else {
            throw SignalWireError(
                .badField, field: field,
                "\"\(symbol.prefix(maxSymbolLength))\" is not a symbol BASE/QUOTE of letters and digits; \(PayloadFields.advice)")
        }
    }
}
