import NIOCore

/// How a TCP byte stream is cut into frames and how frames are put on the wire: the pluggable part of
/// ``TCPStream``. ``LengthPrefixedFraming`` (IBKR's TWS API) and ``LineFraming`` (the MetaTrader bridge's
/// JSON lines) ship with Transport; another protocol needs only ``nextFrame(from:)`` and ``encode(_:into:)``.
///
/// A codec sits in the channel's pipeline as a NIO `ByteToMessageDecoder`, so it must refuse, by throwing
/// ``TCPError``, any frame it would have to buffer without bound: a hostile or broken peer must not make us
/// allocate what it asks for.
public protocol FrameCodec: ByteToMessageDecoder, Sendable where InboundOut == [UInt8] {
    /// Removes the next whole frame from the front of `buffer` and returns it, or returns `nil` and leaves
    /// the (partial) bytes in place when more must arrive first.
    ///
    /// - Throws: ``TCPError`` with ``TCPError/Code/frameTooLarge`` for a frame over the codec's limit.
    mutating func nextFrame(from buffer: inout ByteBuffer) throws -> [UInt8]?

    /// Appends `frame` to `buffer` as it goes on the wire.
    ///
    /// - Throws: ``TCPError`` when the codec cannot carry `frame` (too large, or holding its delimiter).
    func encode(_ frame: [UInt8], into buffer: inout ByteBuffer) throws
}

extension FrameCodec {
    /// NIO's decoding step: passes on the next whole frame, if one has arrived.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    /// NIO's last decoding step, at the end of the connection: passes on what frames are whole and refuses a partial one.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // Frames that arrived whole before the end are still delivered.
        if try decode(context: context, buffer: &buffer) == .continue { return .continue }
        // A frame cut short by the peer's close would otherwise vanish without a word.
        if seenEOF, buffer.readableBytes > 0 {
            let dropped = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: dropped)
            throw TCPError(.closed, "the peer closed the connection in the middle of a frame (\(dropped) bytes dropped): connect again")
        }
        return .needMoreData
    }
}
