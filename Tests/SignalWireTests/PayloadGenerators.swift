import PropertyBased
import SignalWire
import Trader

/// Random valid payloads of each kind, for the round-trip properties. Amounts are generated at a
/// precision that shows all their digits (a `Price` of raw 1.23456789 shown at 2 places is written
/// rounded, as it always was), and never at raw `Int64.min`, which has no decimal text within range.
enum PayloadGen {
    typealias RNG = any SeededRandomNumberGenerator

    /// A payload of `kind` (one of ``SignalPayload/kinds``).
    static func payload(kind: String) -> Generator<SignalPayload, Shrink.None<SignalPayload>> {
        Generator { rng in
            SignalPayload(
                time: Int64.random(in: 1...SignalPayload.latestTime, using: &rng), source: text(&rng), body: body(kind, &rng))
        }
    }

    static func body(_ kind: String, _ rng: inout RNG) -> SignalPayload.Body {
        switch kind {
        case "order":
            let type = OrderSignal.OrderType.allCases[Int.random(in: 0..<3, using: &rng)]
            return .order(OrderSignal(
                id: text(&rng), symbol: symbol(&rng), side: side(&rng), quantity: positive(quantity(&rng)), type: type,
                limit: type == .market ? nil : positive(price(&rng)), price: positive(price(&rng))))
        case "fill":
            return .fill(FillSignal(
                orderID: text(&rng), symbol: symbol(&rng), side: side(&rng), quantity: positive(quantity(&rng)),
                price: positive(price(&rng)), fee: nonNegative(money(&rng))))
        case "targets":
            // Weights of up to ±500 % of equity, at any of the 8 places.
            let targets = (0..<Int.random(in: 0...6, using: &rng)).map { _ in
                TargetsSignal.Target(
                    symbol: symbol(&rng), quantity: quantity(&rng),
                    weight: Weight(raw: Int64.random(in: -500_000_000...500_000_000, using: &rng)),
                    price: positive(price(&rng)))
            }
            return .targets(TargetsSignal(equity: nonNegative(money(&rng)), currency: text(&rng), targets: targets))
        case "equity":
            return .equity(EquitySignal(equity: money(&rng), cash: money(&rng), currency: text(&rng)))
        case "grant":
            return .grant(text(&rng, maximum: 200))
        case "checkpoint":
            return .checkpoint(CheckpointSignal(orders: record(&rng), pnl: record(&rng), equity: money(&rng), currency: text(&rng)))
        default:
            return .heartbeat
        }
    }

    /// Characters that stress the writer's escaping: every ASCII character (controls, quote,
    /// backslash, slash, DEL) and some beyond (two-byte, three-byte, four-byte UTF-8, U+2028).
    static let characters: [Unicode.Scalar] = (0..<0x80).compactMap(Unicode.Scalar.init) + ["é", "β", "€", "\u{2028}", "😀"]

    static func text(_ rng: inout RNG, maximum: Int = 16) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maximum, using: &rng) {
            scalars.append(characters[Int.random(in: characters.indices, using: &rng)])
        }
        return String(scalars)
    }

    static func side(_ rng: inout RNG) -> Side { Bool.random(using: &rng) ? .buy : .sell }

    /// A well-formed `BASE/QUOTE` of letters, digits and `._-`.
    static func symbol(_ rng: inout RNG) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
        func part(_ rng: inout RNG) -> String {
            String((0..<Int.random(in: 1...8, using: &rng)).map { _ in alphabet[Int.random(in: alphabet.indices, using: &rng)] })
        }
        return part(&rng) + "/" + part(&rng)
    }

    /// The same amount, not negative.
    static func nonNegative(_ money: Money) -> Money { Money(raw: money.raw == .min ? .max : abs(money.raw)) }

    /// The same amount made positive (its magnitude, or the smallest step for 0).
    static func positive<T: FixedPointValue>(_ value: T) -> T {
        T(raw: value.raw == 0 ? 1 : (value.raw == .min ? .max : abs(value.raw)), precision: value.raw == 0 ? 8 : value.precision)
    }

    /// A raw amount whose digits all show at `precision` places.
    static func decimal(_ rng: inout RNG) -> (raw: Int64, precision: UInt8) {
        let precision = UInt8.random(in: 0...8, using: &rng)
        var step: Int64 = 1
        for _ in 0..<(FixedPoint.decimals - Int(precision)) { step *= 10 }
        // Mostly everyday magnitudes, sometimes the extremes.
        let bound = Bool.random(using: &rng) ? 1_000_000_000 / step + 1 : Int64.max / step
        return (Int64.random(in: -bound...bound, using: &rng) * step, precision)
    }

    static func quantity(_ rng: inout RNG) -> Quantity {
        let decimal = decimal(&rng)
        return Quantity(raw: decimal.raw, precision: decimal.precision)
    }

    static func price(_ rng: inout RNG) -> Price {
        let decimal = decimal(&rng)
        return Price(raw: decimal.raw, precision: decimal.precision)
    }

    /// Money shows every digit it has (two places at least), so any raw but `Int64.min` round-trips.
    static func money(_ rng: inout RNG) -> Money {
        let everyday: Int64 = 10_000_000_000_000
        let bound = Bool.random(using: &rng) ? everyday : Int64.max
        return Money(raw: Int64.random(in: -bound...bound, using: &rng))
    }

    static func hex(_ rng: inout RNG, digits: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<digits).map { _ in alphabet[Int.random(in: 0..<16, using: &rng)] })
    }

    static func record(_ rng: inout RNG) -> CheckpointSignal.RecordState {
        let lines = Int.random(in: 0...1_000_000, using: &rng)
        let digests = (0..<Int.random(in: 0...min(lines, SignalPayload.maxDigests), using: &rng)).map { _ in hex(&rng, digits: 16) }
        return CheckpointSignal.RecordState(lines: lines, chain: hex(&rng, digits: 64), digests: digests)
    }
}
