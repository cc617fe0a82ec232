import NIOCore
import Testing
@testable import Transport

/// Feeds `chunks` one read at a time into one buffer, as NIO's decoder handler does, and takes every whole frame
/// after each; returns the frames and the bytes left waiting.
private func decode<Codec: FrameCodec>(_ codec: Codec, _ chunks: [[UInt8]]) throws -> (frames: [[UInt8]], left: Int) {
    var codec = codec
    var buffer = ByteBuffer()
    var frames: [[UInt8]] = []
    for chunk in chunks {
        buffer.writeBytes(chunk)
        while let frame = try codec.nextFrame(from: &buffer) { frames.append(frame) }
    }
    return (frames, buffer.readableBytes)
}

private func encoded<Codec: FrameCodec>(_ codec: Codec, _ frames: [[UInt8]]) throws -> [UInt8] {
    var buffer = ByteBuffer()
    for frame in frames { try codec.encode(frame, into: &buffer) }
    return buffer.readBytes(length: buffer.readableBytes) ?? []
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A small deterministic generator, so a failing chunking can be replayed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Cuts `wire` into chunks of 1 to `maxChunk` bytes.
private func chunked(_ wire: [UInt8], maxChunk: Int, using random: inout SplitMix) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var start = 0
    while start < wire.count {
        let end = min(wire.count, start + Int.random(in: 1...maxChunk, using: &random))
        chunks.append(Array(wire[start..<end]))
        start = end
    }
    return chunks
}

@Suite("Length-prefixed framing (IBKR TWS API)")
struct LengthPrefixedFramingTests {
    let tws: [[UInt8]] = [bytes("71\u{0}2\u{0}1\u{0}"), [], bytes("v100..187"), Array(repeating: 0xAB, count: 300)]

    @Test func encodesABigEndianLengthThenThePayload() throws {
        #expect(try encoded(LengthPrefixedFraming(), [bytes("API")]) == [0, 0, 0, 3] + bytes("API"))
        #expect(try encoded(LengthPrefixedFraming(), [Array(repeating: 1, count: 0x0102)]).prefix(4) == [0, 0, 1, 2])
    }

    @Test func severalFramesInOneRead() throws {
        let result = try decode(LengthPrefixedFraming(), [try encoded(LengthPrefixedFraming(), tws)])
        #expect(result.frames == tws)
        #expect(result.left == 0)
    }

    @Test func framesSplitAtEveryByte() throws {
        let wire = try encoded(LengthPrefixedFraming(), tws)
        #expect(try decode(LengthPrefixedFraming(), wire.map { [$0] }).frames == tws)
        for cut in 0...wire.count {
            #expect(try decode(LengthPrefixedFraming(), [Array(wire[..<cut]), Array(wire[cut...])]).frames == tws, "cut at \(cut)")
        }
    }

    @Test func randomChunkingsDecodeTheSameFrames() throws {
        var random = SplitMix(state: 42)
        for round in 0..<200 {
            let frames = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            let wire = try encoded(LengthPrefixedFraming(), frames)
            #expect(try decode(LengthPrefixedFraming(), chunked(wire, maxChunk: 9, using: &random)).frames == frames, "round \(round)")
        }
    }

    @Test func anEmptyFrameIsAFrame() throws {
        #expect(try decode(LengthPrefixedFraming(), [[0, 0, 0, 0]]).frames == [[]])
    }

    @Test func aPartialFrameWaits() throws {
        let result = try decode(LengthPrefixedFraming(), [[0, 0, 0, 5] + bytes("abc")])
        #expect(result.frames.isEmpty)
        #expect(result.left == 7, "nothing is consumed until the frame is whole")
    }

    @Test func anOversizeLengthIsRefusedFromThePrefixAlone() throws {
        let error = #expect(throws: TCPError.self) {
            _ = try decode(LengthPrefixedFraming(), [[0x80, 0, 0, 0]])
        }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.message.contains("2147483648") == true)
    }

    @Test func theLimitIsInclusive() throws {
        let codec = LengthPrefixedFraming(maxFrameSize: 8)
        #expect(try decode(codec, [[0, 0, 0, 8] + Array(repeating: 7, count: 8)]).frames == [Array(repeating: 7, count: 8)])
        #expect(throws: TCPError.self) { _ = try decode(codec, [[0, 0, 0, 9]]) }
    }

    @Test func theDefaultLimitIs16MiB() {
        #expect(LengthPrefixedFraming().maxFrameSize == 16 * 1024 * 1024)
        #expect(LengthPrefixedFraming(maxFrameSize: -1).maxFrameSize == 0)
        #expect(LengthPrefixedFraming(maxFrameSize: .max).maxFrameSize == Int(UInt32.max))
    }

    @Test func anOversizeFrameIsNotSent() {
        let error = #expect(throws: TCPError.self) {
            _ = try encoded(LengthPrefixedFraming(maxFrameSize: 3), [bytes("four")])
        }
        #expect(error?.code == .frameTooLarge)
    }
}

@Suite("Line framing (MetaTrader bridge JSON lines)")
struct LineFramingTests {
    @Test func linesEndInNewlineWithAnOptionalCarriageReturn() throws {
        let result = try decode(LineFraming(), [bytes("{\"a\":1}\n{\"b\":2}\r\nrest")])
        #expect(result.frames == [bytes("{\"a\":1}"), bytes("{\"b\":2}")])
        #expect(result.left == 4, "an unfinished line waits for its newline")
    }

    @Test func emptyLinesAreEmptyFrames() throws {
        #expect(try decode(LineFraming(), [bytes("\n\r\n\n")]).frames == [[], [], []])
    }

    @Test func onlyTheCarriageReturnBeforeTheNewlineIsStripped() throws {
        #expect(try decode(LineFraming(), [bytes("a\rb\r\r\n")]).frames == [bytes("a\rb\r")])
    }

    @Test func linesSplitAtEveryByte() throws {
        let wire = bytes("{\"tick\":1.2345}\r\n\n{\"x\":[1,2]}\nlast\r\n")
        let expected = [bytes("{\"tick\":1.2345}"), [], bytes("{\"x\":[1,2]}"), bytes("last")]
        #expect(try decode(LineFraming(), wire.map { [$0] }).frames == expected)
        for cut in 0...wire.count {
            #expect(try decode(LineFraming(), [Array(wire[..<cut]), Array(wire[cut...])]).frames == expected, "cut at \(cut)")
        }
    }

    @Test func randomChunkingsDecodeTheSameLines() throws {
        var random = SplitMix(state: 7)
        let alphabet = bytes("ab{}\":,\r")
        for round in 0..<200 {
            let lines = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                (0..<Int.random(in: 0...30, using: &random)).compactMap { _ in alphabet.randomElement(using: &random) }
            }
            // A line that itself ends in "\r" would lose it on the way: that is the framing, not a bug.
            let sent = lines.map { $0.last == UInt8(ascii: "\r") ? $0 + bytes("x") : $0 }
            let wire = try encoded(LineFraming(), sent)
            #expect(try decode(LineFraming(), chunked(wire, maxChunk: 7, using: &random)).frames == sent, "round \(round)")
        }
    }

    @Test func aLineAtTheLimitIsAcceptedEvenWhileItsCarriageReturnWaits() throws {
        let codec = LineFraming(maxLineLength: 4)
        #expect(try decode(codec, [bytes("abcd\r"), bytes("\n")]).frames == [bytes("abcd")])
        #expect(try decode(codec, [bytes("abcd"), bytes("\n")]).frames == [bytes("abcd")])
    }

    @Test func anOverlongLineIsRefusedBeforeItsNewlineComes() throws {
        let error = #expect(throws: TCPError.self) {
            _ = try decode(LineFraming(maxLineLength: 4), [bytes("abc"), bytes("de")])
        }
        #expect(error?.code == .frameTooLarge)
    }

    @Test func anOverlongLineIsRefusedWhenItArrivesWhole() throws {
        let error = #expect(throws: TCPError.self) {
            _ = try decode(LineFraming(maxLineLength: 4), [bytes("ok\nabcde\n")])
        }
        #expect(error?.code == .frameTooLarge)
    }

    @Test func theDefaultLimitIs1MiB() {
        #expect(LineFraming().maxLineLength == 1024 * 1024)
    }

    @Test func encodingAppendsANewline() throws {
        #expect(try encoded(LineFraming(), [bytes("{}"), []]) == bytes("{}\n\n"))
    }

    @Test func aFrameHoldingANewlineIsNotSent() {
        let error = #expect(throws: TCPError.self) {
            _ = try encoded(LineFraming(), [bytes("{\n}")])
        }
        #expect(error?.code == .invalidFrame)
        #expect(throws: TCPError.self) { _ = try encoded(LineFraming(maxLineLength: 1), [bytes("{}")]) }
    }
}
