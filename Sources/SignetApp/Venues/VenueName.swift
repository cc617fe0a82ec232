/// A venue a run can trade on (`--broker`). Every venue Signet knows is a case here and an entry
/// in ``VenueRegistry``; nothing else names venues (docs/ARCHITECTURE.md, "Adding a venue").
public enum VenueName: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The built-in simulated broker (fills against the run's own bars).
    case paper
    /// A Kraken spot account (exchange_apis.Kraken in settings.yml).
    case kraken

    public var description: String { rawValue }

    /// The names, for help and refusals (`paper, kraken`).
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
