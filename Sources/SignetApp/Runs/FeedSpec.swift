/// Where a live run's market data comes from (`--feed`).
public enum FeedSpec: Sendable, Equatable, CustomStringConvertible {
    /// `replay:FILE`: a bar file played as a live feed (repeatable, one an instrument).
    case replay(String)
    /// `synthetic:SEED`: 1-minute random-walk bars of SYN/USD from now on.
    case synthetic(UInt64)
    /// `VENUE:MINUTES` (or `VENUE`): the venue's own candles of that length (default 1 minute).
    case venue(VenueName, minutes: Int)

    /// Parses `--feed`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let kind = parts.first else { return nil }
        switch kind {
        case "replay":
            guard parts.count == 2, !parts[1].isEmpty else { return nil }
            self = .replay(parts[1])
        case "synthetic":
            guard parts.count == 2, let seed = UInt64(parts[1]) else { return nil }
            self = .synthetic(seed)
        default:
            guard let venue = VenueName(rawValue: kind), venue != .paper else { return nil }
            guard parts.count == 2 else {
                self = .venue(venue, minutes: 1)
                return
            }
            guard let minutes = Int(parts[1]) else { return nil }
            self = .venue(venue, minutes: minutes)
        }
    }

    public var description: String {
        switch self {
        case .replay(let file): "replay:\(file)"
        case .synthetic(let seed): "synthetic:\(seed)"
        case .venue(let venue, let minutes): "\(venue.rawValue):\(minutes)"
        }
    }

    /// What `--feed` accepts, for help and refusals.
    public static let usage = "replay:FILE (repeatable for several instruments), synthetic:SEED (1-minute random-walk bars of SYN/USD), "
        + "or with a venue's broker VENUE:MINUTES (its own candles, e.g. kraken:1)"
}
