import Logging
import Notifiers
import SignalWire
import SignetCrypto
import Trader

extension SignalRecorder {
    /// After a crash: publishes the orders and fills the run's journal (orders.csv at
    /// `ordersPath`) holds but the outbox does not (the process died between journaling them and
    /// storing the step's signals, and the restarted run does not take that decision again).
    /// Their `price` is the limit or fill price, or 0 where the mark at the time is not known.
    /// Returns how many were published.
    @discardableResult
    public func recover(ordersPath: String) throws -> Int {
        let stored = try outbox.events(channel: configuration.channel)
        let after = try outbox.eventsAfter() ?? .min
        let symbols = Set(configuration.instruments.map(\.symbol))
        var missing: [(time: Int64, signal: SignalPayload, event: String)] = []
        for order in try CSVJournal.submittedOrders(atPath: ordersPath)
        where order.time > after && symbols.contains(order.symbol) && !stored.contains("order:\(order.orderID)") {
            // The journal writes market, limit and stop, with a price exactly for the last two;
            // a row that says otherwise is damaged, and a signal of it would be refused by every subscriber.
            guard let type = OrderSignal.OrderType(rawValue: order.type), (type == .market) == (order.price == nil) else {
                let price = order.price?.description ?? ""
                logger.warning("order \(order.orderID) in orders.csv has type '\(order.type)' and price '\(price)'; not published")
                continue
            }
            missing.append((order.time, SignalPayload(
                time: order.time, source: configuration.source,
                body: .order(OrderSignal(
                    id: order.orderID, symbol: order.symbol, side: order.side, quantity: order.quantity, type: type, limit: order.price,
                    price: order.price ?? .zero))),
                "order:\(order.orderID)"))
        }
        for fill in try CSVJournal.fills(atPath: ordersPath)
        where fill.time > after && symbols.contains(fill.symbol) && !stored.contains("fill:\(fill.orderID)") {
            missing.append((fill.time, SignalPayload(
                time: fill.time, source: configuration.source,
                body: .fill(FillSignal(
                    orderID: fill.orderID, symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.price,
                    fee: fill.fee))),
                "fill:\(fill.orderID)"))
        }
        guard !missing.isEmpty else { return 0 }
        // Orders before their fills at the same time: the stable sort keeps journal order.
        pending = missing.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map { ($0.element.signal, $0.element.event, nil) }
        kernelStepCompleted(after: nil)
        if let failure { throw failure }
        logger.warning(
            "published \(missing.count) order and fill signal(s) the journal held but the outbox did not (a crash between the two)")
        return missing.count
    }
}
