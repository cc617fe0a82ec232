import Logging

/// Every message of one channel, in order, with nothing missed: Socket Mode pushes them as they
/// are posted, and after every (re)connection the channel's history is read from the last
/// message seen, so what was posted while no socket was open is delivered too. Each `ts` is
/// delivered once per run; across restarts, pass the last `ts` the caller stored.
public final class SlackChannelFeed: Sendable {
    private let web: SlackClient
    private let socket: SlackSocketMode
    private let channel: String
    private let logger: Logger

    public init(web: SlackClient, socket: SlackSocketMode, channel: String, logger: Logger = Logger(label: "signet.slack.feed")) {
        self.web = web
        self.socket = socket
        self.channel = channel
        self.logger = logger
    }

    /// Delivers the channel's messages after `after` (a `ts`; `nil`: only new ones) until the
    /// task is cancelled or `deliver` throws.
    public func run(after: String?, deliver: @escaping @Sendable (SlackClient.Message) async throws -> Void) async throws {
        let (events, continuation) = AsyncStream<SlackSocketMode.Event>.makeStream()
        let socket = socket
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await socket.run { continuation.yield($0) }
            }
            group.addTask {
                // `delivered`: the newest message handed over. `floor`: where "new" began when
                // the caller gave no start (the newest message at the first connection); pushes
                // may be newer than it without having been delivered yet.
                var delivered = after
                var floor = after
                func isNew(_ message: SlackClient.Message) -> Bool {
                    delivered.map { SlackClient.isNewer(message.ts, than: $0) } ?? true
                }
                for await event in events {
                    switch event {
                    case .connected:
                        let from = [floor, delivered].compactMap { $0 }.max { SlackClient.isNewer($1, than: $0) }
                        guard let from else {
                            floor = try await self.web.history(channel: self.channel, limit: 1).messages.first?.ts ?? "0.000000"
                            continue
                        }
                        let missed = try await self.web.messages(channel: self.channel, after: from).filter(isNew)
                        if !missed.isEmpty {
                            self.logger.info("Slack history filled a gap", metadata: ["messages": "\(missed.count)", "after": "\(from)"])
                        }
                        for message in missed {
                            try await deliver(message)
                            delivered = message.ts
                        }
                    case .message(let channel, let message):
                        guard channel == self.channel, isNew(message) else { continue }
                        try await deliver(message)
                        delivered = message.ts
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
