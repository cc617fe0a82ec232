import Trader

/// Settles the inbox after each of the subscriber's decisions: by then the decision's orders are
/// in the journal (orders.csv is written as each order is handed to the broker), so a signal is
/// marked applied only after its order is on record. A crash between the two leaves the signal
/// unapplied; the restart hands it over again and the journal's tag stops a second order.
public final class MirrorSettler: KernelObserver {
    private let intake: MirrorIntake
    private var failure: (any Error)?

    public init(intake: MirrorIntake) { self.intake = intake }

    public var observerFailure: (any Error)? { failure }

    public func kernel(submitted order: Order, marks: [Price]) {}
    public func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {}

    public func kernel(decided time: Int64, portfolio: Portfolio, marks: [Price]) {
        guard failure == nil else { return }
        do { try intake.settle() } catch { failure = error }
    }
}
