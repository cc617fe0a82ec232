import Logging
import Notifiers
import ServiceLifecycle
import Synchronization
import Transport

/// Drains the outbox into its outputs, each output in sequence order and independently of the
/// others (a dead Slack does not hold back Telegram). A failed delivery is retried with backoff
/// (1 s, 2 s, 4 s… up to `maxBackoff`) until the output accepts it, however long that takes;
/// nothing is skipped. Runs as a `Service`; ``notify()`` wakes it when a signal is appended.
public final class OutboxSender: Service, Sendable {
    /// Signals accepted by each output in this run.
    private let delivered = Mutex<[String: Int]>([:])
    public func deliveredCount(_ output: String) -> Int { delivered.withLock { $0[output] ?? 0 } }

    private let outbox: Outbox
    private let outputs: [any SignalOutput]
    private let clock: any PacingClock
    private let epoch: Int64
    private let maxBackoff: Duration
    private let logger: Logger
    private let bells: [String: (stream: AsyncStream<Void>, ring: AsyncStream<Void>.Continuation)]

    /// - Parameters:
    ///   - clock: time for retry waits; `epoch` + `clock.now()` is the wall time (Unix ms) stored in the outbox.
    public init(
        outbox: Outbox, outputs: [any SignalOutput], clock: any PacingClock = SystemPacingClock(), epoch: Int64,
        maxBackoff: Duration = .seconds(60), logger: Logger = Logger(label: "signet.outbox")
    ) {
        self.outbox = outbox
        self.outputs = outputs
        self.clock = clock
        self.epoch = epoch
        self.maxBackoff = maxBackoff
        self.logger = logger
        bells = Dictionary(
            outputs.map { output in
                let (stream, ring) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
                return (output.name, (stream, ring))
            }, uniquingKeysWith: { a, _ in a })
    }

    /// Wakes every output (a signal was appended).
    public func notify() {
        for bell in bells.values { bell.ring.yield() }
    }

    private var nowMilliseconds: Int64 {
        let elapsed = clock.now().components
        return epoch + elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for output in outputs {
                    group.addTask { try await self.drain(output) }
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            // One last pass over what is due (the run has stopped recording by now), then stop;
            // whatever is still refused stays in the outbox for the next start.
            for bell in self.bells.values {
                bell.ring.yield()
                bell.ring.finish()
            }
        }
    }

    /// Delivers `output`'s pending signals, then waits for a bell (append or retry time).
    private func drain(_ output: any SignalOutput) async throws {
        guard let bell = bells[output.name] else { return }
        bell.ring.yield()  // start with whatever a previous run left pending
        for await _ in bell.stream {
            while let (entry, attempts) = try outbox.nextDue(output: output.name, now: nowMilliseconds) {
                do {
                    let remote = try await output.deliver(entry)
                    try outbox.markSent(entry.id, output: output.name, remoteID: remote, at: nowMilliseconds)
                    delivered.withLock { $0[output.name, default: 0] += 1 }
                } catch is CancellationError {
                    return
                } catch {
                    let delay = min(Duration.seconds(1 << min(attempts, 16)), maxBackoff)
                    let retry = clock.now() + delay
                    try outbox.markFailed(
                        entry.id, output: output.name, error: "\(error)", retryAt: nowMilliseconds + Int64(delay.components.seconds * 1000))
                    logger.warning(
                        "signal not accepted; retrying",
                        metadata: [
                            "output": "\(output.name)", "sequence": "\(entry.sequence)", "attempt": "\(attempts + 1)", "delay": "\(delay)",
                            "error": "\(error)"
                        ])
                    let ring = bell.ring
                    let clock = clock
                    Task {
                        try? await clock.sleep(until: retry)
                        ring.yield()
                    }
                    break
                }
            }
        }
    }
}
