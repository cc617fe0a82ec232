import Trader

extension SignalPayload {
    /// One line a person reads in a chat ("FILLED BUY 0.25 BTC/USD @ 64250.10"): what the
    /// Telegram and Slack outputs post beside the sealed signal, and what the signed text of a
    /// public channel says. Unchanged from the publisher's earlier summaries, so messages read the same.
    public var summary: String {
        switch body {
        case .order(let order):
            "\(order.side.rawValue.uppercased()) \(order.quantity) \(order.symbol) \(order.type.rawValue)"
                + "\(order.limit.map { " @ \($0)" } ?? "") (order \(order.id))"
        case .fill(let fill):
            "FILLED \(fill.side.rawValue.uppercased()) \(fill.quantity) \(fill.symbol) @ \(fill.price)"
        case .targets(let targets):
            "TARGETS " + targets.targets.map { "\($0.symbol) \($0.quantity) (\(Self.weightText($0.weight)))" }.joined(separator: ", ")
                + " · equity \(targets.equity) \(targets.currency)"
        case .equity(let equity):
            "EQUITY \(equity.equity) \(equity.currency)"
        case .heartbeat:
            "heartbeat"
        case .grant:
            "channel grant"
        case .checkpoint(let checkpoint):
            "TRACK RECORD orders.csv \(checkpoint.orders.lines) lines \(checkpoint.orders.chain.prefix(16))…, "
                + "pos_pnl.csv \(checkpoint.pnl.lines) lines \(checkpoint.pnl.chain.prefix(16))… "
                + "· equity \(checkpoint.equity) \(checkpoint.currency)"
        }
    }
}
