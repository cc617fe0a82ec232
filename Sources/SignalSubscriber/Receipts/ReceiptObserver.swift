import SignalWire
import Trader

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
            guard let signal = signals.removeValue(forKey: fill.orderID),
                let record = try? inbox.record(channel: signal.channel, sequence: signal.sequence)
            else { return }
            send(Receipt(
                channel: signal.channel, sequence: signal.sequence, sealedAt: record.sealedAt, arrivedAt: record.receivedAt,
                side: fill.side, quantity: fill.quantity, symbol: instruments[fill.instrument].symbol, price: fill.price))
        case .rejected(let order, _, _), .cancelled(let order, _):
            signals[order.id] = nil
        case .accepted:
            break
        }
    }
}
