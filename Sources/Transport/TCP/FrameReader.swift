import NIOCore
import Synchronization

/// Reads a channel's inbound frames through its one NIO iterator, lent to one reader at a time: frames can be
/// read in several loops one after another (a handshake reply, then the stream), and a second task reading at the
/// same time gets ``TCPError/Code/concurrentRead`` instead of tripping NIO's single-consumer precondition.
final class FrameReader: Sendable {
    typealias Inbound = NIOAsyncChannelInboundStream<[UInt8]>.AsyncIterator

    /// NIO's iterator is not `Sendable` because two tasks must never call `next()` together; the slot lends it to
    /// one reader at a time (it is `nil` while lent), which is that very rule, so the unchecked conformance holds.
    private struct Slot: @unchecked Sendable {
        var iterator: Inbound?
    }

    private let slot: Mutex<Slot>
    private let channel: any Channel
    private let remote: String

    init(_ iterator: Inbound, channel: any Channel, remote: String) {
        slot = Mutex(Slot(iterator: iterator))
        self.channel = channel
        self.remote = remote
    }

    /// Whether a reader holds the iterator now (tests use it to set up two readers at once).
    var isLent: Bool {
        slot.withLock { $0.iterator == nil }
    }

    /// The next frame, or `nil` once the peer has closed the connection.
    ///
    /// - Throws: ``TCPError`` when the connection failed or the peer broke the framing, `CancellationError` when
    ///   the task was cancelled; either way the channel is closed, as NIO reads nothing more after it.
    func next() async throws -> [UInt8]? {
        let lent = slot.withLock { slot in
            let lent = slot
            slot.iterator = nil
            return lent
        }
        guard var iterator = lent.iterator else {
            throw TCPError(.concurrentRead, "another task is already reading frames from \(remote): read from one task and hand frames on")
        }
        defer {
            let back = Slot(iterator: iterator)
            slot.withLock { $0 = back }
        }
        do {
            return try await iterator.next()
        } catch {
            channel.close(promise: nil)
            if error is CancellationError { throw error }
            throw TCPError(transfer: error, remote: remote)
        }
    }
}
