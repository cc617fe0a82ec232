@testable import Trader

func p(_ text: String) -> Price { Price(text)! }
func q(_ text: String) -> Quantity { Quantity(text)! }
func m(_ text: String) -> Money { Money(text)! }

/// A BTC/USD-like instrument: tick 0.01, lot 0.001, minimum 0.01.
func btc() -> Instrument {
    try! Instrument(symbol: "BTC/USD", tickSize: p("0.01"), lotSize: q("0.001"), minimumQuantity: q("0.01"))
}

func bar(_ time: Int64, _ open: String, _ high: String, _ low: String, _ close: String, instrument: Int = 0) -> Bar {
    Bar(instrument: instrument, time: time, open: p(open), high: p(high), low: p(low), close: p(close), volume: q("1"))
}

/// A bar opening, closing and trading at one price.
func flat(_ time: Int64, _ price: String, instrument: Int = 0) -> Bar { bar(time, price, price, price, price, instrument: instrument) }

func order(_ id: String, _ side: Side, _ quantity: String, _ type: OrderType = .market, tif: TimeInForce = .gtc) -> Order {
    Order(id: id, instrument: 0, side: side, quantity: q(quantity), type: type, timeInForce: tif, createdAt: 0)
}

extension PaperBroker {
    func drained() -> [BrokerEvent] {
        var events: [BrokerEvent] = []
        drainEvents(into: &events)
        return events
    }

    func fills() -> [Fill] {
        drained().compactMap { if case .filled(let fill) = $0 { return fill } else { return nil } }
    }
}

extension BrokerEvent {
    var rejectReason: RejectReason? {
        if case .rejected(_, let reason, _) = self { return reason }
        return nil
    }
}
