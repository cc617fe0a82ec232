import NIOCore
import NIOPosix

/// A TCP connection that carries frames: IBKR's TWS API (``LengthPrefixedFraming``), the MetaTrader bridge
/// (``LineFraming``), or any other ``FrameCodec``.
///
/// A stream lives inside ``connect(host:port:framing:connectTimeout:isolation:_:)``'s body and is closed when the
/// body returns, throws or is cancelled, so no socket outlives its task. Within the body, ``send(_:)`` frames and
/// writes, ``sendRaw(_:)`` writes bytes as they are (IBKR's `API\0` greeting), ``frames`` and ``receive()`` read
/// frames as they come (with backpressure: a slow reader slows the peer instead of growing a buffer), and
/// ``close()`` ends the connection early.
///
/// ```swift
/// try await TCPStream.connect(host: "127.0.0.1", port: 4002, framing: LengthPrefixedFraming()) { stream in
///     try await stream.sendRaw(Array("API\0".utf8))
///     try await stream.send(Array("v100..187".utf8))
///     for try await frame in stream.frames { handle(frame) }
/// }
/// ```
public final class TCPStream: Sendable {
    /// The peer as `host:port`, for messages and logs.
    public let remote: String

    private let channel: any Channel
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let codec: any FrameCodec
    let reader: FrameReader

    private init(remote: String, channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, codec: any FrameCodec,
                 reader: FrameReader) {
        self.remote = remote
        self.channel = channel
        self.outbound = outbound
        self.codec = codec
        self.reader = reader
    }

    /// Connects to `host`:`port`, runs `body` with the stream, and closes the connection when `body` returns, throws
    /// or is cancelled.
    ///
    /// The socket runs on NIO's shared event loop group (`MultiThreadedEventLoopGroup.singleton`). Cancelling the task
    /// during the connect takes effect once the connect ends, which `connectTimeout` bounds.
    ///
    /// - Parameters:
    ///   - framing: how bytes are cut into frames both ways; each connection starts with a fresh copy.
    ///   - connectTimeout: how long name resolution and the TCP handshake may take together.
    /// - Returns: what `body` returned.
    /// - Throws: ``TCPError`` when the connection cannot be made (``TCPError/Code/connectionRefused``,
    ///   ``TCPError/Code/timedOut``, ``TCPError/Code/hostNotFound``…), `CancellationError`, or what `body` threw.
    public static func connect<Codec: FrameCodec, Result>(
        host: String,
        port: Int,
        framing: Codec,
        connectTimeout: Duration = .seconds(10),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (TCPStream) async throws -> sending Result
    ) async throws -> sending Result {
        try Task.checkCancellation()
        let connection: NIOAsyncChannel<[UInt8], ByteBuffer>
        do {
            connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(connectTimeout))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        try pipeline.addHandler(ByteToMessageHandler(framing))
                        // After a decoding error NIO reads nothing more: close now, not when someone next reads.
                        try pipeline.addHandler(NIOCloseOnErrorHandler())
                        return try NIOAsyncChannel<[UInt8], ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw TCPError(connecting: error, host: host, port: port, timeout: connectTimeout)
        }
        let remote = "\(host):\(port)"
        return try await connection.executeThenClose { inbound, outbound in
            // NIO's connect does not watch for cancellation: a task cancelled meanwhile stops here.
            try Task.checkCancellation()
            let reader = FrameReader(inbound.makeAsyncIterator(), channel: connection.channel, remote: remote)
            let stream = TCPStream(remote: remote, channel: connection.channel, outbound: outbound, codec: framing, reader: reader)
            return try await body(stream)
        }
    }

    /// The inbound frames, in order, until the peer closes the connection. Several loops may read one after
    /// another (a handshake reply, then the rest); two tasks reading at once is an error.
    ///
    /// A loop ends by throwing ``TCPError`` when the connection fails or the peer breaks the framing
    /// (``TCPError/Code/frameTooLarge``), or `CancellationError`; the connection is closed then.
    public var frames: Frames { Frames(reader: reader) }

    /// The next inbound frame, or `nil` once the peer has closed the connection; throws as ``frames`` does.
    public func receive() async throws -> [UInt8]? {
        try await reader.next()
    }

    /// Sends `frame` with the framing applied (a length prefix, a newline).
    ///
    /// Returning means the frame is queued on the socket, not that the peer has read it.
    /// - Throws: ``TCPError``: ``TCPError/Code/frameTooLarge`` or ``TCPError/Code/invalidFrame`` (nothing sent, the
    ///   connection stays up), ``TCPError/Code/closed``…; or `CancellationError`, which closes the connection.
    public func send(_ frame: [UInt8]) async throws {
        var buffer = channel.allocator.buffer(capacity: frame.count + 4)
        try codec.encode(frame, into: &buffer)
        try await write(buffer)
    }

    /// Sends `bytes` as they are, outside any frame: IBKR's `API\0` greeting comes before its first framed message.
    /// Throws as ``send(_:)`` does.
    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await write(channel.allocator.buffer(bytes: bytes))
    }

    /// Closes the connection now and waits until it is closed; what was sent before is flushed first. Reading then
    /// ends (frames already received are still read), sending throws ``TCPError/Code/closed``. Closing twice is harmless.
    public func close() async {
        outbound.finish()
        channel.close(promise: nil)
        // The close future never fails (NIO's contract); `try?` only satisfies the signature.
        try? await channel.closeFuture.get()
    }

    private func write(_ buffer: ByteBuffer) async throws {
        do {
            try await outbound.write(buffer)
        } catch {
            // A cancelled write may or may not have gone out: a peer in an unknown state is better disconnected.
            channel.close(promise: nil)
            if error is CancellationError { throw error }
            throw TCPError(transfer: error, remote: remote)
        }
    }
}
