import Testing
@testable import SignetCrypto

@Suite("Replay window")
struct ReplayWindowTests {
    @Test func firstSequenceIsAcceptedWithoutAGap() throws {
        var window = ReplayWindow()
        #expect(try window.accept(57) == .first)
        #expect(window.highest == 57)
    }

    @Test func inOrderThenGapThenLateFill() throws {
        var window = ReplayWindow()
        _ = try window.accept(1)
        #expect(try window.accept(2) == .inOrder)
        #expect(try window.accept(6) == .afterGap(missing: 3...5))
        #expect(try window.accept(4) == .late)
        #expect(try window.accept(3) == .late)
        #expect(try window.accept(5) == .late)
        for sequence: UInt64 in 1...6 {
            #expect(refusal { _ = try window.accept(sequence) } == .replayed, "sequence \(sequence) accepted twice")
        }
    }

    @Test func sequencesFurtherBackThanTheWindowAreRefused() throws {
        var window = ReplayWindow()
        _ = try window.accept(1)
        _ = try window.accept(200)
        #expect(refusal { _ = try window.accept(200 - ReplayWindow.width - 1) } == .replayed)
        #expect(try window.accept(200 - ReplayWindow.width) == .late)
    }

    @Test func aJumpOfExactlyTheWindowWidthKeepsTheOldHighestMarked() throws {
        var window = ReplayWindow()
        _ = try window.accept(10)
        _ = try window.accept(10 + ReplayWindow.width)
        #expect(refusal { _ = try window.accept(10) } == .replayed)
    }

    @Test func sequenceZeroIsMalformed() {
        var window = ReplayWindow()
        #expect(refusal { _ = try window.accept(0) } == .malformed)
    }

    @Test(arguments: [[3, 1, 2], [1, 3, 2], [2, 3, 1], [5, 4, 3, 2, 1], [1, 2, 3, 4, 5]])
    func anyOrderWithinTheWindowAcceptsEachExactlyOnce(order: [UInt64]) throws {
        var window = ReplayWindow()
        for sequence in order { _ = try window.accept(sequence) }
        for sequence in order {
            #expect(refusal { _ = try window.accept(sequence) } == .replayed)
        }
    }
}
