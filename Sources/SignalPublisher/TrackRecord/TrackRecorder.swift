import Foundation
import SignalWire
import SignetCrypto

/// Keeps the hash chains (``LineChain``) of a run's `orders.csv` and `pos_pnl.csv` as the journal
/// grows, and says when a signed checkpoint is due: every ``everySteps`` steps that added lines,
/// and at the end of the run. A checkpoint carries the short digest of every line since the one
/// before (at most ``maxDigests`` a file, so that a sealed line stays short; a longer backlog goes
/// out as several checkpoints), so an audit can name the exact line that was changed.
///
/// What was checkpointed is remembered in `track_record.json` beside the journal, written only
/// after the checkpoint is in the outbox. Confined to the kernel's thread.
public final class TrackRecorder {
    public let everySteps: Int
    public let maxDigests: Int
    private var orders: JournalChain
    private var pnl: JournalChain
    private let statePath: String
    private var steps = 0
    /// Covered line counts of the checkpoints handed out and not yet committed.
    private var handedOut: (orders: Int, pnl: Int)?

    /// - Parameters:
    ///   - everySteps: steps with new journal lines between checkpoints (1: every such step).
    public init(ordersPath: String, pnlPath: String, statePath: String, everySteps: Int = 10, maxDigests: Int = 48) throws {
        self.everySteps = max(1, everySteps)
        self.maxDigests = max(1, maxDigests)
        self.statePath = statePath
        let covered = Self.readState(statePath)
        orders = try JournalChain(path: ordersPath, covered: covered.orders)
        pnl = try JournalChain(path: pnlPath, covered: covered.pnl)
    }

    /// Reads what the journal added; returns the checkpoints due now (`final`: the run is ending).
    public func step(final: Bool) throws -> [(orders: CheckpointSignal.RecordState, pnl: CheckpointSignal.RecordState)] {
        try orders.readNewLines()
        try pnl.readNewLines()
        guard orders.hasPending || pnl.hasPending else { return [] }
        steps += 1
        guard final || steps >= everySteps else { return [] }
        steps = 0
        var pieces: [(CheckpointSignal.RecordState, CheckpointSignal.RecordState)] = []
        var ordersEnd = orders.covered, pnlEnd = pnl.covered
        while ordersEnd < orders.lines || pnlEnd < pnl.lines {
            let nextOrders = min(ordersEnd + maxDigests, orders.lines), nextPnl = min(pnlEnd + maxDigests, pnl.lines)
            pieces.append((orders.state(from: ordersEnd, to: nextOrders), pnl.state(from: pnlEnd, to: nextPnl)))
            ordersEnd = nextOrders
            pnlEnd = nextPnl
        }
        handedOut = (ordersEnd, pnlEnd)
        return pieces
    }

    /// The checkpoints from the last ``step(final:)`` are stored: remember them.
    public func committed() throws {
        guard let handedOut else { return }
        self.handedOut = nil
        orders.markCovered(handedOut.orders)
        pnl.markCovered(handedOut.pnl)
        let text = #"{"orders":\#(handedOut.orders),"pnl":\#(handedOut.pnl)}"#
        let temporary = statePath + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)), rename(temporary, statePath) == 0 else {
            throw PublisherError(.storage, "cannot write \(statePath); check the run folder is writable")
        }
    }

    private static func readState(_ path: String) -> (orders: Int, pnl: Int) {
        guard let data = FileManager.default.contents(atPath: path),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return (0, 0) }
        return ((object["orders"] as? NSNumber)?.intValue ?? 0, (object["pnl"] as? NSNumber)?.intValue ?? 0)
    }
}

/// One journal file's chain, read incrementally (whole lines only: a row being written is read next time).
struct JournalChain {
    let path: String
    private var offset: UInt64 = 0
    private var chain = LineChain()
    /// Lines checkpointed so far, and the chain value there.
    private(set) var covered: Int
    private var coveredValue: [UInt8]
    /// Short digest and chain value after each line past `covered`.
    private var pending: [(short: String, value: [UInt8])] = []

    init(path: String, covered: Int) throws {
        self.path = path
        self.covered = 0
        coveredValue = LineChain().value
        try readNewLines()
        // Lines already checkpointed by an earlier session (never more than the file holds).
        markCovered(min(covered, chain.lines))
    }

    var lines: Int { chain.lines }
    var hasPending: Bool { chain.lines > covered }

    mutating func readNewLines() throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        let data = try handle.readToEnd() ?? Data()
        guard let end = data.lastIndex(of: 0x0a) else { return }
        let complete = data[data.startIndex...end]
        offset += UInt64(complete.count)
        for line in LineChain.lines(in: Substring(String(decoding: complete, as: UTF8.self))) {
            let digest = try chain.append(line)
            pending.append((LineChain.shortDigest(digest), chain.value))
        }
    }

    /// The state after line `end`, with the digests of lines `start + 1 ... end`.
    func state(from start: Int, to end: Int) -> CheckpointSignal.RecordState {
        let value = end == covered ? coveredValue : pending[end - covered - 1].value
        let digests = end > start ? pending[(start - covered)..<(end - covered)].map(\.short) : []
        return CheckpointSignal.RecordState(lines: end, chain: Hex.encode(value), digests: digests)
    }

    mutating func markCovered(_ lines: Int) {
        guard lines > covered else { return }
        coveredValue = pending[lines - covered - 1].value
        pending.removeFirst(lines - covered)
        covered = lines
    }
}
