import NIOCore

/// Frames as a 4-byte big-endian length followed by that many bytes: IBKR's TWS / IB Gateway socket API.
/// Empty frames (length 0) are carried both ways.
public struct LengthPrefixedFraming: FrameCodec {
    public typealias InboundOut = [UInt8]

    /// 16 MiB: far above any TWS message, far below what would hurt to allocate.
    public static let defaultMaxFrameSize = 16 << 20

    /// The largest frame accepted from the peer or sent to it; a larger announced length closes the connection
    /// before anything is allocated for it.
    public let maxFrameSize: Int

    /// - Parameter maxFrameSize: the frame size limit, kept within 0...`UInt32.max` (what the prefix can say).
    public init(maxFrameSize: Int = Self.defaultMaxFrameSize) {
        self.maxFrameSize = min(max(maxFrameSize, 0), Int(UInt32.max))
    }

    public mutating func nextFrame(from buffer: inout ByteBuffer) throws -> [UInt8]? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else { return nil }
        // Checked on the prefix alone, before waiting for (and buffering) the body it announces.
        guard Int(length) <= maxFrameSize else {
            throw TCPError(
                .frameTooLarge,
                "the peer announced a frame of \(length) bytes, over the \(maxFrameSize)-byte limit, so the connection was closed: "
                    + "check that the port speaks this protocol, or raise maxFrameSize if such frames are expected")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readBytes(length: Int(length)) ?? []
    }

    public func encode(_ frame: [UInt8], into buffer: inout ByteBuffer) throws {
        guard frame.count <= maxFrameSize else {
            throw TCPError(
                .frameTooLarge,
                "a frame of \(frame.count) bytes is over the \(maxFrameSize)-byte limit and was not sent: split it, or raise maxFrameSize")
        }
        buffer.writeInteger(UInt32(frame.count), endianness: .big)
        buffer.writeBytes(frame)
    }
}
