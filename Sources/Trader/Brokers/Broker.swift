/// Where orders go. The kernel calls it synchronously and never waits on it: `submit` and `cancel`
/// only enqueue, and every outcome comes back as a ``BrokerEvent`` drained after each step. A real
/// exchange's broker does its I/O on its own tasks and buffers the events; the ``PaperBroker``
/// produces them as bars and ticks arrive. The kernel's generic over it, so the backtest loop
/// calls the paper broker directly, without dynamic dispatch.
public protocol Broker: AnyObject {
    /// Queues an order; the outcome arrives as events.
    func submit(_ order: Order)
    /// Requests cancellation of a working order.
    func cancel(orderID: String)
    /// Orders still working.
    var openOrders: [Order] { get }
    /// The broker's own view of cash per currency.
    var balances: [String: Money] { get }
    /// A new bar: a simulated broker matches working orders against it.
    func process(_ bar: Bar)
    /// A new tick: a simulated broker matches working orders against it.
    func process(_ tick: Tick)
    /// Appends the events that happened since the last call.
    func drainEvents(into events: inout [BrokerEvent])
}
