/// Receives what the engine does, for journals, publishers and trackers. Called synchronously
/// by the kernel on the kernel's thread; a slow journal should buffer.
public protocol KernelObserver: AnyObject {
    /// An order handed to the broker, with every instrument's mark at that moment.
    func kernel(submitted order: Order, marks: [Price])
    func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price])
    /// A live decision point is over (its bar processed, the strategy's orders handed over).
    func kernel(decided time: Int64, portfolio: Portfolio, marks: [Price])
    /// One step of a live run is over (`bar` processed, and its decision if one was due; nil for
    /// the step of `onExit`): what the observer buffered during the step can be stored in one go.
    func kernelStepCompleted(after bar: Bar?)
    /// The first error that makes this observer unable to do its job; a live run stops on it
    /// rather than trade without its journal or its signals.
    var observerFailure: (any Error)? { get }
}

extension KernelObserver {
    public func kernel(decided time: Int64, portfolio: Portfolio, marks: [Price]) {}
    public func kernelStepCompleted(after bar: Bar?) {}
    public var observerFailure: (any Error)? { nil }
}

/// The one engine: runs a ``Strategy`` against a ``Broker``, for backtests, live runs, shadows and
/// mirroring alike. Synchronous and generic, so the backtest loop is specialised end to end; the
/// live runner drives the same kernel from its I/O tasks.
public final class Kernel<S: Strategy, B: Broker> {
    // Confined to one thread (the backtest loop or the live runner's task); touched at every bar.
    @usableFromInline @exclusivity(unchecked) var runningStrategy: S
    public let broker: B
    public let context: StrategyContext
    @usableFromInline var observers: [any KernelObserver] = []
    @usableFromInline @exclusivity(unchecked) var events: [BrokerEvent] = []
    @usableFromInline var started = false
    @usableFromInline var exited = false
    /// The owner's risk limits, applied to every order before the broker sees it (nil: none).
    public var riskGate: RiskGate?

    /// The strategy, as it is now.
    public var strategy: S { runningStrategy }

    @inlinable
    public init(strategy: S, broker: B, context: StrategyContext) {
        self.runningStrategy = strategy
        self.broker = broker
        self.context = context
    }

    /// Adds an observer (journal, publisher, tracker).
    public func observe(_ observer: any KernelObserver) { observers.append(observer) }

    /// Calls `onStart` once.
    @inlinable
    public func start(at time: Int64) {
        guard !started else { return }
        started = true
        context.currentTime = time
        runningStrategy.onStart(context)
        flush()
    }

    /// One bar: the broker matches working orders at it, fills are booked, then the strategy sees it.
    @inlinable
    public func step(_ bar: Bar) {
        update(bar)
        decide(bar)
    }

    /// Market data only: the broker matches working orders at the bar and it becomes the mark.
    /// Live runs call this for every bar and ``decide(_:)`` at rebalance times.
    @inlinable
    public func update(_ bar: Bar) {
        context.currentTime = bar.time
        broker.process(bar)
        broker.drainEvents(into: &events)
        if !events.isEmpty { dispatch() }
        context.lastPrices[bar.instrument] = bar.close
        riskGate?.review(book: context.book, marks: context.lastPrices, time: bar.time)
    }

    /// The strategy's turn: `onBar` with `bar`, then its orders go to the broker.
    @inlinable
    public func decide(_ bar: Bar, at time: Int64? = nil) {
        if let time { context.currentTime = time }
        if let riskGate, riskGate.mode == .flat, !riskGate.flattened { flatten(riskGate) }
        runningStrategy.onBar(bar, context)
        if !context.requests.isEmpty { flush() }
    }

    /// Tells observers a live decision point is over (publishers snapshot targets here). The
    /// backtest loop does not call it.
    public func completeDecision(at time: Int64) {
        for observer in observers { observer.kernel(decided: time, portfolio: context.book, marks: context.lastPrices) }
    }

    /// Tells observers a live step is over (publishers store its signals together). The
    /// backtest loop does not call it.
    public func completeStep(after bar: Bar?) {
        for observer in observers { observer.kernelStepCompleted(after: bar) }
    }

    /// One tick, as ``step(_:)-(Bar)`` for bars.
    @inlinable
    public func step(_ tick: Tick) {
        context.currentTime = tick.time
        broker.process(tick)
        broker.drainEvents(into: &events)
        if !events.isEmpty { dispatch() }
        context.lastPrices[tick.instrument] = tick.price
        runningStrategy.onTick(tick, context)
        if !context.requests.isEmpty { flush() }
    }

    /// Picks up events a live broker produced between steps.
    @inlinable
    public func poll() {
        broker.drainEvents(into: &events)
        if !events.isEmpty { dispatch() }
        if !context.requests.isEmpty { flush() }
    }

    /// Calls `onExit` exactly once, then hands its last orders to the broker.
    @inlinable
    public func exit(at time: Int64) {
        guard !exited else { return }
        exited = true
        context.currentTime = time
        poll()
        runningStrategy.onExit(context)
        flush()
    }

    /// Whether `onExit` ran.
    public var hasExited: Bool { exited }

    @usableFromInline
    func flush() {
        while !context.requests.isEmpty {
            let requests = context.requests
            context.requests.removeAll(keepingCapacity: true)
            for request in requests {
                switch request {
                case .submit(let asked):
                    guard let order = gate(asked) else { continue }
                    for observer in observers { observer.kernel(submitted: order, marks: context.lastPrices) }
                    broker.submit(order)
                case .cancel(let id):
                    broker.cancel(orderID: id)
                }
            }
            broker.drainEvents(into: &events)
            if !events.isEmpty { dispatch() }
        }
    }

    @usableFromInline
    func dispatch() {
        let batch = events
        events.removeAll(keepingCapacity: true)
        for event in batch {
            riskGate?.observe(event)
            switch event {
            case .accepted(let order):
                context.noteWorking(order)
            case .filled(let fill):
                context.noteDone(fill.orderID, instrument: fill.instrument)
                let instrument = context.instruments[fill.instrument]
                if context.book.apply(fill, quote: instrument.quote) == nil {
                    context.logger.critical("fill could not be booked: amounts overflow", metadata: ["order": "\(fill.orderID)"])
                }
                runningStrategy.onFill(fill, context)
            case .rejected(let order, let reason, let message):
                context.noteDone(order.id, instrument: order.instrument)
                context.logger.warning("order rejected: \(message)", metadata: ["order": "\(order.id)", "reason": "\(reason.rawValue)"])
            case .cancelled(let order, _):
                context.noteDone(order.id, instrument: order.instrument)
            }
            for observer in observers { observer.kernel(event: event, portfolio: context.book, marks: context.lastPrices) }
        }
    }

    /// The order the risk gate lets through (perhaps trimmed), or nil when it refused it: the
    /// refusal is journaled as a rejection with the limit's name, as a broker's would be.
    @usableFromInline
    func gate(_ order: Order) -> Order? {
        guard let riskGate else { return order }
        switch riskGate.check(order, book: context.book, marks: context.lastPrices, time: context.currentTime) {
        case .pass(let passed):
            riskGate.submitted(passed)
            return passed
        case .trimmed(let trimmed, let message):
            context.logger.warning("order trimmed by the risk limits: \(message)", metadata: ["order": "\(order.id)"])
            riskGate.submitted(trimmed)
            return trimmed
        case .refused(let message):
            for observer in observers { observer.kernel(submitted: order, marks: context.lastPrices) }
            events.append(.rejected(order, .riskLimit, message))
            return nil
        }
    }

    /// `risk.mode: flat`: every position closed at market, once.
    @usableFromInline
    func flatten(_ riskGate: RiskGate) {
        riskGate.flattened = true
        for index in context.instruments.indices where context.book.positions[index].quantity.raw != 0 {
            context.setTarget(index, quantity: .zero, tag: "risk:flat")
        }
    }
}
