import Logging
import ServiceLifecycle
import Synchronization
import Transport

/// Forwards log records to a Telegram chat without ever blocking the code that logs: records go
/// into a bounded queue, and this service sends them in batches (one message per batch window,
/// paced by the client's rate limiter). When the queue is full, records are dropped and the next
/// message says how many. Run it in the ServiceGroup; on shutdown it sends what is queued.
public final class TelegramLogSink: Service, Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var label: String
        var text: String
        var time: ContinuousClock.Instant
    }

    private let client: TelegramClient
    private let chatID: String
    private let window: Duration
    private let sleeper: any Sleeper
    private let capacity: Int
    private let queue = Mutex<(records: [Record], dropped: Int)>(([], 0))
    /// Rings when the queue goes from empty to not empty; holds at most one ring.
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation
    private let failures = Mutex<Int>(0)

    /// - Parameters:
    ///   - capacity: records held while waiting to be sent; more are dropped and counted.
    ///   - window: how long a batch collects records before it is sent.
    public init(
        client: TelegramClient, chatID: String, capacity: Int = 500, window: Duration = .seconds(2), sleeper: any Sleeper = ClockSleeper()
    ) {
        self.client = client
        self.chatID = chatID
        self.window = window
        self.sleeper = sleeper
        self.capacity = max(1, capacity)
        (doorbell, ring) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// A swift-log handler feeding this sink with records at or above `level`.
    public func handler(label: String, level: Logger.Level = .warning) -> TelegramLogHandler {
        TelegramLogHandler(label: label, sink: self, logLevel: level)
    }

    /// Queues a record; never waits.
    func enqueue(_ record: Record) {
        let wasEmpty = queue.withLock { queue -> Bool in
            guard queue.records.count < capacity else {
                queue.dropped += 1
                return false
            }
            queue.records.append(record)
            return queue.records.count == 1
        }
        if wasEmpty { ring.yield() }
    }

    /// Records waiting to be sent.
    public var queuedCount: Int { queue.withLock { $0.records.count } }
    /// Records dropped because the queue was full, not yet reported in a message.
    public var droppedCount: Int { queue.withLock { $0.dropped } }
    /// Batches Telegram refused or that could not be sent.
    public var failedBatches: Int { failures.withLock { $0 } }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in doorbell {
                try? await sleeper.sleep(for: window)
                await flush()
            }
            await flush()  // what was queued when shutdown began
        } onGracefulShutdown: {
            self.ring.finish()
        }
    }

    /// Sends everything queued, in batches of at most 50 records.
    public func flush() async {
        while true {
            let (batch, lost) = queue.withLock { queue -> ([Record], Int) in
                let batch = Array(queue.records.prefix(50))
                queue.records.removeFirst(batch.count)
                defer { queue.dropped = 0 }
                return (batch, queue.dropped)
            }
            guard !batch.isEmpty || lost > 0 else { return }
            await send(batch, lost: lost)
        }
    }

    private func send(_ batch: [Record], lost: Int) async {
        var lines = batch.map { record in
            "<b>\(record.level.rawValue.uppercased())</b> \(TelegramClient.escapeHTML(record.label)): "
                + "\(TelegramClient.escapeHTML(record.text))"
        }
        if lost > 0 { lines.append("<i>\(lost) log record(s) dropped: the queue was full</i>") }
        do {
            try await client.sendMessage(
                chatID: chatID, text: lines.joined(separator: "\n"), silent: batch.allSatisfy { $0.level < .error })
        } catch {
            failures.withLock { $0 += 1 }
        }
    }
}
