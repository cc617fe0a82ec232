import Trader

/// What a publisher tells its subscribers, before sealing: the plaintext of a `sig1.` envelope
/// with content type `signal+json`, specified in docs/PROTOCOL.md section 11. Both sides read and
/// write it through this one type, so the publisher's writer and the subscriber's reader cannot
/// drift apart. Amounts are exact decimals, times Unix milliseconds. Order, fill and target
/// payloads carry the publisher's price at the time, so a subscriber can refuse to trade after
/// too much slippage.
///
/// ``encoded()`` writes the canonical bytes; ``decode(_:)`` reads them back strictly.
public struct SignalPayload: Sendable, Equatable {
    /// The payload format version this Signet writes and the only one it reads (`v`).
    public static let version = 1

    /// The kinds of payload this version reads, as they appear in `kind`.
    public static let kinds = ["order", "fill", "targets", "equity", "heartbeat", "grant", "checkpoint"]

    /// What the payload says: one case per `kind`.
    public enum Body: Sendable, Equatable {
        /// An order the strategy placed.
        case order(OrderSignal)
        /// A fill of one of the publisher's orders.
        case fill(FillSignal)
        /// Every instrument's target: what a `mode: target` subscriber holds, scaled to its equity.
        case targets(TargetsSignal)
        /// The publisher's equity and cash.
        case equity(EquitySignal)
        /// Still alive, with nothing else to say.
        case heartbeat
        /// Channel grants (`signet-grant1.…` lines separated by `\n`) published after a revocation.
        case grant(String)
        /// A signed checkpoint of the run's track record (its journal's hash chains).
        case checkpoint(CheckpointSignal)

        /// The payload's `kind` on the wire.
        public var kind: String {
            switch self {
            case .order: "order"
            case .fill: "fill"
            case .targets: "targets"
            case .equity: "equity"
            case .heartbeat: "heartbeat"
            case .grant: "grant"
            case .checkpoint: "checkpoint"
            }
        }
    }

    /// When the publisher's engine produced it (Unix milliseconds).
    public var time: Int64
    /// The publishing run's name.
    public var source: String
    /// What it says.
    public var body: Body

    /// A payload of `body`, produced at `time` (Unix ms) by the run named `source`.
    public init(time: Int64, source: String, body: Body) {
        self.time = time
        self.source = source
        self.body = body
    }

    /// The payload's `kind` on the wire (`"fill"`), what the inbox files it under.
    public var kind: String { body.kind }
}
