import Foundation
import Logging
import Notifiers
import ServiceLifecycle
import Synchronization

/// Reads signals from Telegram where Telegram delivers them to the subscriber's bot (a
/// supergroup with bot-to-bot communication, or a private chat signals are forwarded into):
/// `getUpdates` long polling from the offset stored in the inbox, so a restart neither misses
/// nor replays updates Telegram still holds. Each message's text (or caption) goes to `handle`;
/// the offset is saved after it returns, so a crash may hand a message over twice, never zero
/// times (the inbox keeps one copy).
///
/// Only the one configured chat is read: whatever else reaches the bot (other groups, other
/// channels' posts, private messages) is confirmed and dropped unread, counted in
/// ``ignoredUpdates`` and logged (the first at info, the rest at debug).
public final class TelegramSignalSource: Service, Sendable {
    private let client: TelegramClient
    private let chatID: Int64
    private let inbox: Inbox
    private let cursor: String
    private let pollSeconds: Int
    private let logger: Logger
    private let handle: @Sendable (String) async throws -> Void
    private let ignored = Mutex(0)

    /// - Parameter chatID: the numeric id of the one chat to read (resolve an `@username` first
    ///   with ``TelegramClient/getChat(_:)``).
    public init(
        client: TelegramClient, chatID: Int64, inbox: Inbox, pollSeconds: Int = 25,
        logger: Logger = Logger(label: "signet.mirror.telegram"), handle: @escaping @Sendable (String) async throws -> Void
    ) {
        self.client = client
        self.chatID = chatID
        self.inbox = inbox
        cursor = "telegram.offset.\(chatID)"
        self.pollSeconds = pollSeconds
        self.logger = logger
        self.handle = handle
    }

    /// Updates from chats other than the configured one, dropped since this source was made.
    public var ignoredUpdates: Int { ignored.withLock { $0 } }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await self.poll()
            }
        } catch where Task.isCancelled || Task.isShuttingDownGracefully {
            // A long poll cut short by shutdown: nothing was lost (the offset is saved per update).
        }
    }

    /// Polls until cancelled.
    func poll() async throws {
        var offset = try inbox.cursor(cursor).flatMap { Int64($0) }
        while !Task.isCancelled {
            let updates = try await client.getUpdates(offset: offset, timeout: pollSeconds)
            for update in updates {
                if let post = update.post {
                    if post.chat.id == chatID {
                        if let text = post.content { try await handle(text) }
                    } else {
                        ignore(post, update: update.updateID)
                    }
                }
                offset = update.updateID + 1
                try inbox.setCursor(cursor, String(update.updateID + 1))
            }
        }
    }

    private func ignore(_ post: TelegramClient.Message, update: Int64) {
        let count = ignored.withLock { count in
            count += 1
            return count
        }
        let metadata: Logger.Metadata = ["update": "\(update)", "chat": "\(post.chat.id)", "type": "\(post.chat.type)"]
        if count == 1 {
            logger.info("ignoring updates from chats other than \(chatID) (this bot reads one chat only)", metadata: metadata)
        } else {
            logger.debug("ignored an update from another chat", metadata: metadata)
        }
    }
}

/// Reads signals from a Slack channel: Socket Mode pushes, and the channel's history after every
/// (re)connection from the last `ts` stored in the inbox, so downtime leaves no gap.
public final class SlackSignalSource: Service, Sendable {
    private let feed: SlackChannelFeed
    private let inbox: Inbox
    private let cursor: String
    private let handle: @Sendable (String) async throws -> Void

    /// Where a first run starts reading (a `ts`), stored at once so that a crash before the first
    /// message does not move it: `"0"` reads the channel's whole history, else only what is
    /// posted after that time. Ignored when the inbox already holds a position.
    public func begin(at ts: String) throws {
        if try inbox.cursor(cursor) == nil { try inbox.setCursor(cursor, ts) }
    }

    /// A `ts` for the wall-clock time `milliseconds` (Unix ms).
    public static func ts(milliseconds: Int64) -> String {
        "\(milliseconds / 1000).\(String(format: "%06d", (milliseconds % 1000) * 1000))"
    }

    public init(feed: SlackChannelFeed, channel: String, inbox: Inbox, handle: @escaping @Sendable (String) async throws -> Void) {
        self.feed = feed
        self.inbox = inbox
        cursor = "slack.ts.\(channel)"
        self.handle = handle
    }

    public func run() async throws {
        let inbox = inbox, cursor = cursor, handle = handle
        do {
            try await cancelWhenGracefulShutdown {
                try await self.feed.run(after: try inbox.cursor(cursor)) { message in
                    if let text = message.text { try await handle(text) }
                    try inbox.setCursor(cursor, message.ts)
                }
            }
        } catch where Task.isCancelled || Task.isShuttingDownGracefully {
            // Cut short by shutdown: the cursor is saved per message, nothing was lost.
        }
    }
}
