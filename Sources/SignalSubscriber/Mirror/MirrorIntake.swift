/// Where every source hands its messages: owns the receiver (and its opener), so messages from
/// Slack and Telegram are opened one at a time; posts target snapshots to the board; and records
/// in the inbox what became of each signal.
public actor MirrorIntake {
    private let receiver: SignalReceiver
    private let board: TargetBoard
    private let inbox: Inbox
    /// Outcomes so far, by kind (`new`, `duplicate`, `stale`, `refused: CODE`, `ignored`).
    public private(set) var outcomes: [String: Int] = [:]

    public init(receiver: sending SignalReceiver, board: TargetBoard, inbox: Inbox) {
        self.receiver = receiver
        self.board = board
        self.inbox = inbox
    }

    /// Opens and files one message from `transport`.
    public func handle(_ text: String, transport: String) throws {
        switch try receiver.receive(text, transport: transport) {
        case .new(let record, let signal):
            outcomes["new", default: 0] += 1
            if case .targets(_, _, let targets) = signal.body {
                board.post(.init(targets: targets, sealedAt: record.sealedAt, publisher: record.publisher, channel: record.channel, sequence: record.sequence))
            } else {
                try inbox.mark(
                    publisher: record.publisher, channel: record.channel, sequence: record.sequence, .skipped, reason: "target mode copies snapshots only")
            }
        case .duplicate: outcomes["duplicate", default: 0] += 1
        case .stale: outcomes["stale", default: 0] += 1
        case .refused(let code, _): outcomes["refused: \(code)", default: 0] += 1
        case .notASignal: outcomes["ignored", default: 0] += 1
        }
    }

    /// Records in the inbox the snapshots the strategy applied (or left alone, and why), and
    /// those a newer snapshot replaced before they could be applied.
    public func settle() throws {
        for (snapshot, plan) in board.takeApplied() {
            if plan.positions.isEmpty && !plan.skipped.isEmpty {
                let reason = plan.skipped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
                try inbox.mark(publisher: snapshot.publisher, channel: snapshot.channel, sequence: snapshot.sequence, .skipped, reason: reason)
            } else {
                try inbox.mark(publisher: snapshot.publisher, channel: snapshot.channel, sequence: snapshot.sequence, .applied)
            }
        }
        for snapshot in board.takeSuperseded() {
            try inbox.mark(publisher: snapshot.publisher, channel: snapshot.channel, sequence: snapshot.sequence, .skipped, reason: "superseded by a newer snapshot")
        }
    }
}
