import Testing
@testable import SignetCrypto

@Suite("Line chains and record audits")
struct RecordAuditTests {
    static let original: [Substring] = (0..<30).map { Substring("2026-11-30T10:\($0):00Z,live-\($0),BTC/USD,buy,market,0.1,,filled,40000,16,,") }

    /// Checkpoints every `every` lines, as a publisher makes them.
    static func checkpoints(_ lines: [Substring], every: Int, skipping: Set<Int> = []) throws -> [RecordAudit.Checkpoint] {
        var chain = LineChain()
        var shorts: [String] = []
        var result: [RecordAudit.Checkpoint] = []
        var number = -1
        for (index, line) in lines.enumerated() {
            shorts.append(LineChain.shortDigest(try chain.append(line)))
            if (index + 1) % every == 0 || index + 1 == lines.count {
                number += 1
                if !skipping.contains(number) {
                    result.append(.init(lines: chain.lines, chain: chain.value, digests: shorts, label: "checkpoint #\(number)"))
                }
                shorts = []
            }
        }
        return result
    }

    @Test func anUntouchedFileMatchesEveryCheckpoint() throws {
        let finding = try RecordAudit.check(Self.original + ["a line after the last checkpoint"], against: try Self.checkpoints(Self.original, every: 7))
        #expect(finding == .intact(covered: 30, checkpoints: 5, after: 1))
    }

    @Test(arguments: [3, 12, 29])
    func aChangedLineIsNamed(line: Int) throws {
        var tampered = Self.original
        tampered[line - 1] = Substring(tampered[line - 1].replacingOccurrences(of: "40000", with: "39000"))
        guard case .altered(let found, _, _, _) = try RecordAudit.check(tampered, against: try Self.checkpoints(Self.original, every: 7)) else {
            Issue.record("not detected")
            return
        }
        #expect(found == line)
    }

    @Test func aRemovedOrInsertedLineIsNamedWhereItWas() throws {
        let checkpoints = try Self.checkpoints(Self.original, every: 7)
        var removed = Self.original
        removed.remove(at: 9)
        var inserted = Self.original
        inserted.insert("2026-11-30T10:09:30Z,fake,BTC/USD,sell,market,0.1,,filled,41000,16,,", at: 9)
        for tampered in [removed, inserted] {
            guard case .altered(let line, _, _, _) = try RecordAudit.check(tampered, against: checkpoints) else {
                Issue.record("not detected")
                continue
            }
            #expect(line == 10)
        }
    }

    @Test func aTruncatedFileSaysWhereItEnds() throws {
        guard case .altered(let line, _, _, let detail) = try RecordAudit.check(Array(Self.original.prefix(25)), against: try Self.checkpoints(Self.original, every: 7)) else {
            Issue.record("not detected")
            return
        }
        #expect(line == 26 && detail.contains("ends at line 25"))
    }

    @Test func withoutTheCheckpointThatWouldNameTheLineTheRangeIsGiven() throws {
        var tampered = Self.original
        tampered[9] = "changed"
        // Checkpoint #1 (lines 8–14) never arrived: #2 covers the change by its chain but cannot name the line.
        let finding = try RecordAudit.check(tampered, against: try Self.checkpoints(Self.original, every: 7, skipping: [1]))
        #expect(finding == .altered(line: nil, lines: 8...14, checkpoint: "checkpoint #2", detail: "lines 8–14 differ from what was published (the checkpoints that would name the line were not received)"))
    }

    @Test func theChainIsFixedByItsDefinition() throws {
        var chain = LineChain()
        try chain.append("time,order_id")
        let expected = try Sodium.blake2b(Array("signet/line-chain/v1".utf8), Array(repeating: 0, count: 32), try Sodium.blake2b(Array("time,order_id".utf8)[...], length: 32), length: 32)
        #expect(chain.value == expected && chain.lines == 1)
    }
}
