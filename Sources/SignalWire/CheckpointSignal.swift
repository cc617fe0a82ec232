import Trader

/// A signed checkpoint of the run's track record (`kind` `checkpoint`, docs/PROTOCOL.md
/// section 11): the hash chains of its `orders.csv` and `pos_pnl.csv` so far, the short digests of
/// the lines since the last checkpoint, and the equity. `signet audit` checks a journal against them.
public struct CheckpointSignal: Sendable, Equatable {
    /// One journal file's state at a checkpoint.
    public struct RecordState: Sendable, Equatable {
        /// Lines covered, from the file's first (its header); never negative.
        public var lines: Int
        /// The line chain's value after them: 64 lower-case hex digits.
        public var chain: String
        /// Short digests (16 lower-case hex digits) of the lines since the previous checkpoint, that
        /// is of the last `digests.count` lines covered; never more than `lines`.
        public var digests: [String]

        /// A file's state after `lines` lines.
        public init(lines: Int, chain: String, digests: [String]) {
            self.lines = lines
            self.chain = chain
            self.digests = digests
        }
    }

    /// The state of `orders.csv`.
    public var orders: RecordState
    /// The state of `pos_pnl.csv` (`pnl` on the wire).
    public var pnl: RecordState
    /// The publisher's equity at the checkpoint.
    public var equity: Money
    /// The publisher's account currency (`USD`).
    public var currency: String

    /// A checkpoint of both journal files.
    public init(orders: RecordState, pnl: RecordState, equity: Money, currency: String) {
        self.orders = orders
        self.pnl = pnl
        self.equity = equity
        self.currency = currency
    }
}
