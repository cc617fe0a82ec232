import ArgumentParser
import Foundation
import SignalSubscriber
import SignalWire
import SignetApp
import SignetCrypto
import Trader

/// `signet audit`: checks a publisher's journal against the track-record checkpoints it signed.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check a publisher's orders.csv and pos_pnl.csv against the track-record checkpoints it signed on its channel.",
        discussion: """
            A publishing run sends a signed checkpoint every signals.checkpoint_every steps and when it stops: the BLAKE2b hash \
            chain of each journal file so far and the short digest of every line since the previous checkpoint. A subscriber \
            keeps them in its inbox (signet mirror); this command recomputes the chains over the files it is given and says \
            whether they are the published record, and if not, the first line that differs. Exit status 0: intact; 1: altered.
            """)

    @Option(name: .customLong("from"), help: "The publisher's alias in your trust store.")
    var publisher: String
    @Option(help: "The publisher's orders.csv to check.")
    var orders: String
    @Option(help: "The publisher's pos_pnl.csv to check.")
    var pnl: String
    @Option(help: "The inbox.sqlite holding the checkpoints (a mirror run's, in its journal folder).")
    var inbox: String
    @Option(help: "Only checkpoints of this channel (default: every channel of the publisher).")
    var channel: String?
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        let peer = try reporting { try keys.directory.trust.peer(publisher) }
        guard FileManager.default.fileExists(atPath: inbox) else {
            throw ValidationError("no inbox at \(inbox): give the inbox.sqlite of a run that mirrors '\(publisher)'")
        }
        let records = try Inbox(path: inbox).all().filter {
            $0.kind == "checkpoint" && $0.publisher == "\(peer.identity.keyID)" && (channel == nil || $0.channel == channel)
        }
        var orderPoints: [RecordAudit.Checkpoint] = []
        var pnlPoints: [RecordAudit.Checkpoint] = []
        var lastEquity = ""
        for record in records.sorted(by: { $0.sequence < $1.sequence }) {
            let payload: SignalPayload
            do {
                payload = try SignalPayload.decode(Array(record.payload.utf8))
            } catch {
                throw SubscriberError(payload: error)
            }
            guard case .checkpoint(let checkpoint) = payload.body else { continue }
            let label = "checkpoint #\(record.sequence) of \(Timestamp.format(record.sealedAt))"
            orderPoints.append(try Self.checkpoint(checkpoint.orders, label: label))
            pnlPoints.append(try Self.checkpoint(checkpoint.pnl, label: label))
            lastEquity = "\(checkpoint.equity) \(checkpoint.currency)"
        }
        guard !records.isEmpty else {
            throw ValidationError(
                "the inbox holds no checkpoint from '\(publisher)'\(channel.map { " on '\($0)'" } ?? ""): nothing to check against "
                    + "(the publisher sends them every signals.checkpoint_every steps)")
        }
        var altered = false
        for (name, path, points) in [("orders.csv", orders, orderPoints), ("pos_pnl.csv", pnl, pnlPoints)] {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            let lines = LineChain.lines(in: Substring(String(decoding: data, as: UTF8.self)))
            switch try RecordAudit.check(lines, against: points) {
            case .intact(let covered, let checkpoints, let after):
                Console.out(
                    "\(name): intact: \(covered) lines match \(checkpoints) signed checkpoints"
                        + "\(after > 0 ? "; \(after) later lines are not covered yet" : "")")
            case .altered(let line, let range, let checkpoint, let detail):
                altered = true
                let shown = line.flatMap { $0 <= lines.count ? "\n  line \($0): \(lines[$0 - 1])" : nil } ?? ""
                Console.out(
                    "\(name): ALTERED at \(line.map { "line \($0)" } ?? "lines \(range.lowerBound)-\(range.upperBound)"): "
                        + "\(detail) (signed in \(checkpoint))\(shown)")
            }
        }
        Console.note("\(records.count) checkpoints from '\(publisher)'; last published equity \(lastEquity)")
        if altered { throw ExitCode(1) }
    }

    static func checkpoint(_ state: CheckpointSignal.RecordState, label: String) throws -> RecordAudit.Checkpoint {
        guard let chain = Hex.decode(state.chain), chain.count == 32 else {
            throw ValidationError("\(label) carries a malformed chain value")
        }
        return RecordAudit.Checkpoint(lines: state.lines, chain: chain, digests: state.digests, label: label)
    }
}
