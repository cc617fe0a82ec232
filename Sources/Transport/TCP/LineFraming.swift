import NIOCore

/// Frames as lines ending in `\n`, a `\r` before it stripped: the MetaTrader bridge's newline-delimited JSON.
/// Outbound frames get a bare `\n`. Empty lines are frames too (empty ones); skipping them is the caller's call.
public struct LineFraming: FrameCodec {
    public typealias InboundOut = [UInt8]

    /// 1 MiB: a JSON line from the bridge is a few hundred bytes; a megabyte is already a broken peer.
    public static let defaultMaxLineLength = 1 << 20

    /// The longest line (without its terminator) accepted from the peer or sent to it; a longer one closes the
    /// connection once that many bytes have come without a newline.
    public let maxLineLength: Int

    /// Bytes after the reader index already searched for a newline, so that a long line arriving in many reads
    /// is scanned once, not once a read.
    private var scanned = 0

    public init(maxLineLength: Int = Self.defaultMaxLineLength) {
        self.maxLineLength = max(maxLineLength, 0)
    }

    /// Starts the newline search afresh: the same codec value may have decoded elsewhere before.
    public mutating func decoderAdded(context: ChannelHandlerContext) {
        scanned = 0
    }

    public mutating func nextFrame(from buffer: inout ByteBuffer) throws -> [UInt8]? {
        let view = buffer.readableBytesView
        let from = view.startIndex + min(scanned, view.count)
        guard let newline = view[from...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = view.count
            // A trailing "\r" may yet turn out to be the terminator's, not the line's.
            let soFar = view.last == UInt8(ascii: "\r") ? view.count - 1 : view.count
            guard soFar <= maxLineLength else { throw tooLong("more than \(maxLineLength) bytes without a newline") }
            return nil
        }
        scanned = 0
        let terminated = newline - view.startIndex
        let length = terminated > 0 && view[newline - 1] == UInt8(ascii: "\r") ? terminated - 1 : terminated
        guard length <= maxLineLength else { throw tooLong("a line of \(length) bytes") }
        let line = buffer.readBytes(length: length) ?? []
        buffer.moveReaderIndex(forwardBy: terminated - length + 1)
        return line
    }

    public func encode(_ frame: [UInt8], into buffer: inout ByteBuffer) throws {
        guard !frame.contains(UInt8(ascii: "\n")) else {
            throw TCPError(.invalidFrame, "a line frame holds a newline and was not sent: the peer would read two frames; escape it first")
        }
        guard frame.count <= maxLineLength else {
            throw TCPError(
                .frameTooLarge,
                "a line of \(frame.count) bytes is over the \(maxLineLength)-byte limit and was not sent: "
                    + "shorten it, or raise maxLineLength")
        }
        buffer.writeBytes(frame)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private func tooLong(_ what: String) -> TCPError {
        TCPError(
            .frameTooLarge,
            "the peer sent \(what), over the \(maxLineLength)-byte line limit, so the connection was closed: "
                + "check that the port speaks newline-delimited lines, or raise maxLineLength if such lines are expected")
    }
}
