#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Synchronization
import TestSupport
import Testing
@testable import Transport

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private let loopback = "127.0.0.1"

/// The stream a reading task opened, shown to the test that cancels it.
private final class OpenStream: Sendable {
    let stream = Mutex<TCPStream?>(nil)
}

@Suite("TCP stream (loopback server)")
struct TCPStreamTests {
    @Test func lengthPrefixedFramesComeBackFromAnEchoServer() async throws {
        let frames = [bytes("71\u{0}2\u{0}1\u{0}"), [], Array(repeating: 0x41, count: 100_000), bytes("v100..187")]
        let echoed = try await withDeadline("an echo of length-prefixed frames") {
            try await TCPTestServer.run { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LengthPrefixedFraming()) { stream in
                    for frame in frames { try await stream.send(frame) }
                    var echoed: [[UInt8]] = []
                    for try await frame in stream.frames {
                        echoed.append(frame)
                        if echoed.count == frames.count { break }
                    }
                    return echoed
                }
            }
        }
        #expect(echoed == frames)
    }

    @Test func rawBytesAndFramesSplitAcrossWritesAreReassembled() async throws {
        // A frame sent in three pieces, then an empty frame: how IBKR's greeting precedes its framed messages.
        let wire: [UInt8] = [0, 0, 0, 5] + bytes("hello") + [0, 0, 0, 0]
        let received = try await withDeadline("split frames") {
            try await TCPTestServer.run { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LengthPrefixedFraming()) { stream in
                    try await stream.sendRaw(Array(wire[..<3]))
                    try await stream.sendRaw(Array(wire[3..<6]))
                    try await stream.sendRaw(Array(wire[6...]))
                    let first = try await stream.receive()
                    // A second loop continues where the first read stopped.
                    var second: [UInt8]?
                    for try await frame in stream.frames {
                        second = frame
                        break
                    }
                    return [first, second]
                }
            }
        }
        #expect(received == [bytes("hello"), []])
    }

    @Test func linesComeBackFromAnEchoServer() async throws {
        let received = try await withDeadline("an echo of lines") {
            try await TCPTestServer.run { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LineFraming()) { stream in
                    try await stream.send(bytes("{\"cmd\":\"ping\"}"))
                    try await stream.sendRaw(bytes("a\r\nb\n\nc"))
                    try await stream.send(bytes("d"))
                    var lines: [[UInt8]] = []
                    while lines.count < 5, let line = try await stream.receive() { lines.append(line) }
                    return lines
                }
            }
        }
        #expect(received == [bytes("{\"cmd\":\"ping\"}"), bytes("a"), bytes("b"), [], bytes("cd")])
    }

    @Test func aClosedPortIsRefusedQuickly() async throws {
        let server = try await TCPTestServer.start()
        let port = server.port
        await server.stop()
        let start = ContinuousClock.now
        let error = await #expect(throws: TCPError.self) {
            try await withDeadline("a refused connect") {
                try await TCPStream.connect(host: loopback, port: port, framing: LineFraming(), connectTimeout: .seconds(5)) { _ in }
            }
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.isTransient == true, "a server that is down may come up")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func aLengthPrefixOf2To31IsRefusedAndTheConnectionClosed() async throws {
        try await withDeadline("a hostile length prefix") {
            try await TCPTestServer.run(greeting: [0x80, 0, 0, 0], echo: false) { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LengthPrefixedFraming()) { stream in
                    let error = await #expect(throws: TCPError.self) { try await stream.receive() }
                    #expect(error?.code == .frameTooLarge)
                    #expect(try await stream.receive() == nil, "the stream has ended")
                    // Closed by the refusal itself, not by leaving this body.
                    try await eventually("the server to see the connection closed", within: .seconds(5)) { server.counts.closed == 1 }
                }
            }
        }
    }

    @Test func anOverlongLineIsRefusedAndTheConnectionClosed() async throws {
        try await withDeadline("an overlong line") {
            try await TCPTestServer.run(greeting: Array(repeating: 0x78, count: 2_000), echo: false) { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LineFraming(maxLineLength: 1_000)) { stream in
                    let error = await #expect(throws: TCPError.self) { try await stream.receive() }
                    #expect(error?.code == .frameTooLarge)
                    try await eventually("the server to see the connection closed", within: .seconds(5)) { server.counts.closed == 1 }
                }
            }
        }
    }

    @Test func framesEndWhenThePeerCloses() async throws {
        let received = try await withDeadline("frames until the peer closes") {
            try await TCPTestServer.run(greeting: bytes("one\ntwo\r\n"), closeAfterGreeting: true, echo: false) { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LineFraming()) { stream in
                    var lines: [[UInt8]] = []
                    for try await line in stream.frames { lines.append(line) }
                    return lines
                }
            }
        }
        #expect(received == [bytes("one"), bytes("two")])
    }

    @Test func aFrameCutShortByThePeerIsAnError() async throws {
        try await withDeadline("a frame cut short") {
            try await TCPTestServer.run(greeting: [0, 0, 0, 2] + bytes("hi") + [0, 0, 0, 9, 0x61], closeAfterGreeting: true, echo: false) {
                server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LengthPrefixedFraming()) { stream in
                    let first = try await stream.receive()
                    #expect(first == bytes("hi"))
                    let error = await #expect(throws: TCPError.self) { try await stream.receive() }
                    #expect(error?.code == .closed)
                }
            }
        }
    }

    @Test func cancellingAReaderClosesTheConnection() async throws {
        try await withDeadline("a cancelled reader") {
            try await TCPTestServer.run(echo: false) { server in
                let open = OpenStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await TCPStream.connect(host: loopback, port: server.port, framing: LineFraming()) { stream in
                            open.stream.withLock { $0 = stream }
                            _ = try await stream.receive()
                        }
                    }
                    try await eventually("the reader to wait for a frame", within: .seconds(5)) {
                        open.stream.withLock { $0?.reader.isLent } == true
                    }
                    group.cancelAll()
                    await #expect(throws: CancellationError.self) { try await group.next() }
                }
                try await eventually("the server to see the connection closed", within: .seconds(5)) { server.counts.closed == 1 }
            }
        }
    }

    @Test func twoReadersAtOnceAreRefused() async throws {
        try await withDeadline("two readers") {
            try await TCPTestServer.run { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LineFraming()) { stream in
                    try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                        group.addTask { try await stream.receive() }
                        try await eventually("the first reader to wait", within: .seconds(5)) { stream.reader.isLent }
                        let error = await #expect(throws: TCPError.self) { try await stream.receive() }
                        #expect(error?.code == .concurrentRead)
                        try await stream.send(bytes("x"))
                        #expect(try await group.next() == .some(bytes("x")), "the first reader is unharmed")
                    }
                }
            }
        }
    }

    @Test func afterCloseSendingFailsAndReadingEnds() async throws {
        try await withDeadline("a closed stream") {
            try await TCPTestServer.run { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LengthPrefixedFraming()) { stream in
                    await stream.close()
                    let error = await #expect(throws: TCPError.self) { try await stream.send(bytes("late")) }
                    #expect(error?.code == .closed)
                    let after = try await stream.receive()
                    #expect(after == nil)
                    await stream.close()
                }
                try await eventually("the server to see the connection closed", within: .seconds(5)) { server.counts.closed == 1 }
            }
        }
    }

    @Test func anUnsendableFrameLeavesTheConnectionUp() async throws {
        let received = try await withDeadline("a refused outbound frame") {
            try await TCPTestServer.run { server in
                try await TCPStream.connect(host: loopback, port: server.port, framing: LineFraming()) { stream in
                    let error = await #expect(throws: TCPError.self) { try await stream.send(bytes("two\nlines")) }
                    #expect(error?.code == .invalidFrame)
                    try await stream.send(bytes("fine"))
                    return try await stream.receive()
                }
            }
        }
        #expect(received == bytes("fine"))
    }
}

@Suite("TCP errors mapped from NIO errors")
struct TCPErrorMappingTests {
    @Test func connectFailuresSayWhatHappened() {
        let timeout = TCPError(connecting: ChannelError.connectTimeout(.seconds(3)), host: "h", port: 1, timeout: .seconds(3))
        #expect(timeout.code == .timedOut)
        #expect(timeout.message.contains("h:1"))
        let refused = TCPError(connecting: IOError(errnoCode: ECONNREFUSED, reason: "connect"), host: "h", port: 1, timeout: .seconds(3))
        #expect(refused.code == .connectionRefused)
    }

    @Test func transferFailuresAreClosedConnections() {
        #expect(TCPError(transfer: IOError(errnoCode: ECONNRESET, reason: "read"), remote: "h:1").code == .closed)
        #expect(TCPError(transfer: ChannelError.ioOnClosedChannel, remote: "h:1").code == .closed)
        #expect(TCPError(transfer: TCPError(.frameTooLarge, "big"), remote: "h:1").code == .frameTooLarge)
        #expect(TCPError(transfer: IOError(errnoCode: EIO, reason: "read"), remote: "h:1").code == .connection)
    }

    @Test func onlyNetworkTroubleIsTransient() {
        #expect(TCPError(.closed, "").isTransient)
        #expect(!TCPError(.frameTooLarge, "").isTransient)
    }
}
