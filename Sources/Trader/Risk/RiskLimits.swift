/// The owner's limits on what any strategy (its own, or a mirror of someone else's signals) may
/// do: the `risk:` section of settings.yml. Every limit is off unless set. ``RiskGate`` applies
/// them to every order before a broker sees it.
public struct RiskLimits: Sendable, Equatable {
    /// What a limit does with an order that would break it.
    public enum Breach: String, Sendable, Equatable, CaseIterable {
        /// Send what fits under the limit (rounded down to the lot), refuse the rest.
        case trim
        /// Refuse the whole order.
        case refuse
    }

    /// How far a run may trade.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Any order within the limits.
        case normal
        /// Only orders that bring a position towards zero (never past it).
        case closeOnly = "close-only"
        /// Close every position now, then close-only.
        case flat
    }

    /// Largest notional of one order (quantity × the order's own price: its limit or stop, or the
    /// venue's mark for a market order), in the account currency.
    public var maxOrderNotional: Money?
    public var orderNotionalBreach: Breach = .trim
    /// Largest gross exposure (Σ |position| × mark, counting working orders and the orders of the
    /// same step at their worst) as a multiple of equity: 1 is no leverage.
    public var maxLeverage: Weight?
    public var leverageBreach: Breach = .trim
    /// Largest absolute position per symbol, counting working orders and the orders of the same
    /// step at their worst.
    public var maxPosition: [String: Quantity] = [:]
    public var positionBreach: Breach = .trim
    /// Limit and stop prices further than this from the instrument's mark are refused, basis points.
    public var priceBandBasisPoints: Int64?
    /// Symbols that may be traded (empty: all); symbols that may not (wins over `allow`).
    public var allow: [String] = []
    public var deny: [String] = []
    /// A loss since the start of the UTC day past this switches the run to close-only (a stopout).
    public var dailyLossLimit: Money?
    /// Equity below this switches the run to close-only (a stopout).
    public var equityFloor: Money?
    /// The mode the run starts in (a stopout recorded in the run's folder wins until reset).
    public var mode: Mode = .normal

    public init() {}

    /// Whether any limit is set (a run without limits skips the gate).
    public var isEmpty: Bool {
        self == RiskLimits()
    }
}
