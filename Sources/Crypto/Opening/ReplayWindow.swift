/// Which sequence numbers of one (publisher, channel) were already accepted: the highest one plus a
/// 64-wide bitmap below it, so signals that arrive slightly out of order are still accepted once.
///
/// Bit `i` of ``seen`` means sequence `highest - 1 - i` was accepted.
public struct ReplayWindow: Hashable, Sendable, Codable {
    /// How far below the highest sequence a late signal is still accepted.
    public static let width: UInt64 = 64

    /// Highest sequence accepted; 0 before the first.
    public private(set) var highest: UInt64
    /// Bitmap of accepted sequences below ``highest``.
    public private(set) var seen: UInt64

    public init(highest: UInt64 = 0, seen: UInt64 = 0) {
        self.highest = highest
        self.seen = seen
    }

    /// How a newly accepted sequence relates to what came before.
    public enum Arrival: Hashable, Sendable {
        /// The first signal seen on this channel: nothing to compare with.
        case first
        /// The next one in order.
        case inOrder
        /// Newer than expected: the sequences in `missing` have not arrived (yet).
        case afterGap(missing: ClosedRange<UInt64>)
        /// Older than the highest but not seen before: it fills part of an earlier gap.
        case late
    }

    /// Accepts `sequence` once, or throws ``CryptoError/Code/replayed``.
    public mutating func accept(_ sequence: UInt64) throws -> Arrival {
        guard sequence > 0 else {
            throw CryptoError(.malformed, "sequence numbers start at 1; this signal has 0")
        }
        if highest == 0 {
            highest = sequence
            return .first
        }
        if sequence > highest {
            let distance = sequence - highest
            // Smart shifts: a distance of 64 or more clears the bitmap, as it should.
            seen = (seen << distance) | (UInt64(1) << (distance - 1))
            let previous = highest
            highest = sequence
            return distance == 1 ? .inOrder : .afterGap(missing: (previous + 1)...(sequence - 1))
        }
        if sequence == highest {
            throw CryptoError(.replayed, "signal \(sequence) was already accepted; this copy is a replay and is ignored")
        }
        let below = highest - sequence
        guard below <= Self.width else {
            throw CryptoError(
                .replayed,
                "signal \(sequence) is more than \(Self.width) behind the newest accepted (\(highest)); "
                    + "it cannot be told from a replay and is refused")
        }
        let bit = UInt64(1) << (below - 1)
        guard seen & bit == 0 else {
            throw CryptoError(.replayed, "signal \(sequence) was already accepted; this copy is a replay and is ignored")
        }
        seen |= bit
        return .late
    }
}
