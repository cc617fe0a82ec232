/// Checks a text file's lines against the checkpoints a publisher signed: each checkpoint gives
/// the line count it covered, the ``LineChain`` value there, and the short digests of the lines
/// since the checkpoint before it. The first line that differs from what was published is named.
public enum RecordAudit {
    /// One file's part of a signed checkpoint.
    public struct Checkpoint: Sendable, Equatable {
        /// Lines covered (from the file's first line).
        public var lines: Int
        /// The chain after those lines.
        public var chain: [UInt8]
        /// Short digests (``LineChain/shortDigest(_:)``) of lines `lines - digests.count + 1 ... lines`.
        public var digests: [String]
        /// How the checkpoint is named in reports ("checkpoint #12 of 2026-11-30 10:00:00").
        public var label: String

        public init(lines: Int, chain: [UInt8], digests: [String], label: String) {
            self.lines = lines
            self.chain = chain
            self.digests = digests
            self.label = label
        }
    }

    public enum Finding: Sendable, Equatable {
        /// Every checkpoint matches; `lines` of the file are covered, `after` lines come after the last checkpoint.
        case intact(covered: Int, checkpoints: Int, after: Int)
        /// Line `line` (1-based) is not the line that was published, or the file differs somewhere in `lines` (when the
        /// checkpoints that would locate it were not received).
        case altered(line: Int?, lines: ClosedRange<Int>, checkpoint: String, detail: String)
    }

    /// The finding for `lines` (the file's lines without line breaks) against `checkpoints`.
    public static func check(_ lines: [Substring], against checkpoints: [Checkpoint]) throws -> Finding {
        let ordered = checkpoints.sorted { $0.lines < $1.lines }
        var chain = LineChain()
        var shorts: [String] = []
        var verified = 0
        for checkpoint in ordered where checkpoint.lines > verified {
            while chain.lines < min(checkpoint.lines, lines.count) {
                shorts.append(LineChain.shortDigest(try chain.append(lines[chain.lines])))
            }
            if chain.lines == checkpoint.lines, chain.value == checkpoint.chain {
                verified = checkpoint.lines
                continue
            }
            // Where does it differ? The first published digest that does not match names the line.
            let first = checkpoint.lines - checkpoint.digests.count + 1
            for (offset, published) in checkpoint.digests.enumerated() {
                let line = first + offset
                guard line > verified else { continue }
                if line > lines.count {
                    return .altered(line: line, lines: line...checkpoint.lines, checkpoint: checkpoint.label,
                                    detail: "the file ends at line \(lines.count) but \(checkpoint.label) "
                                        + "covered \(checkpoint.lines) lines: lines from \(line) on were removed")
                }
                if shorts[line - 1] != published {
                    return .altered(line: line, lines: line...line, checkpoint: checkpoint.label,
                                    detail: "line \(line) is not the line published in \(checkpoint.label) "
                                        + "(a line changed, inserted or removed there)")
                }
            }
            if lines.count < checkpoint.lines {
                return .altered(line: lines.count + 1, lines: (lines.count + 1)...checkpoint.lines, checkpoint: checkpoint.label,
                                detail: "the file ends at line \(lines.count) but \(checkpoint.label) covered \(checkpoint.lines) lines")
            }
            let range = (verified + 1)...max(verified + 1, min(first - 1, checkpoint.lines))
            return .altered(line: nil, lines: range, checkpoint: checkpoint.label,
                            detail: "lines \(range.lowerBound)–\(range.upperBound) differ from what was published "
                                + "(the checkpoints that would name the line were not received)")
        }
        return .intact(covered: verified, checkpoints: ordered.count, after: max(0, lines.count - verified))
    }
}
