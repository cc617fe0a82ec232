import Logging
import Notifiers
import ServiceLifecycle
import SignalWire
import SignetCrypto

/// Posts receipts, signed by the subscriber's identity, to a Slack channel the publisher reads.
/// A service beside the mirror run: on shutdown it posts what is queued, then stops. A receipt
/// that cannot be posted is logged and dropped; it is a report, not a trade.
public final class ReceiptPoster: Service, Sendable {
    private let slack: SlackClient
    private let channel: String
    private let identity: @Sendable () throws -> Identity
    private let logger: Logger
    private let stream: AsyncStream<Receipt>
    private let continuation: AsyncStream<Receipt>.Continuation

    /// - Parameters:
    ///   - channel: the Slack channel id receipts go to.
    ///   - identity: loads the subscriber's identity (on the poster's own task, which then owns it).
    public init(
        slack: SlackClient, channel: String, identity: @escaping @Sendable () throws -> Identity,
        logger: Logger = Logger(label: "signet.receipts")
    ) {
        self.slack = slack
        self.channel = channel
        self.identity = identity
        self.logger = logger
        (stream, continuation) = AsyncStream<Receipt>.makeStream()
    }

    /// Queues a receipt (from the kernel's thread; never waits).
    public func send(_ receipt: Receipt) { continuation.yield(receipt) }

    public func run() async throws {
        let signer = try identity()
        await withGracefulShutdownHandler {
            for await receipt in stream {
                do {
                    let signed = try SignedText.sign(
                        receipt.text, by: signer, channel: try ChannelID(hex: receipt.channel), sequence: receipt.sequence,
                        timestamp: UInt64(max(receipt.arrivedAt, 0)))
                    try await slack.postMessage(channel: channel, text: signed)
                } catch {
                    logger.warning("receipt not posted", metadata: ["sequence": "\(receipt.sequence)", "error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            // The run stops first; what it queued is still posted.
            self.continuation.finish()
        }
    }
}
