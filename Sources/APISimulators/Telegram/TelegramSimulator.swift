import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback Telegram Bot API (`/bot<token>/<method>`, files at `/file/bot<token>/<path>`),
/// following the documented shapes: `{"ok":true,"result":…}` or
/// `{"ok":false,"error_code":…,"description":…,"parameters":…}`.
///
/// It implements `getMe`, `getChat` (by id or `@username`, only chats the bot is in),
/// `sendMessage`, `sendPhoto`, `sendDocument`, `getUpdates` (long polling, offsets,
/// `allowed_updates`, 409 when a second poller takes over), `getFile` and downloads, and
/// delivers updates as Telegram does: a bot's posts in a channel reach no other bot; in a group
/// they reach other bots only where bot-to-bot communication is enabled; what a person posts or
/// forwards into a private chat with a bot reaches that bot.
public final class TelegramSimulator: Sendable {
    public struct Bot: Sendable {
        public var id: Int64
        public var username: String
        public var token: String

        public init(id: Int64, username: String, token: String) {
            self.id = id
            self.username = username
            self.token = token
        }
    }

    public struct Chat: Sendable {
        public enum Kind: String, Sendable { case `private`, group, supergroup, channel }

        public var id: Int64
        public var kind: Kind
        public var title: String
        /// A public chat's username (without `@`), by which `getChat` finds it too.
        public var username: String?
        /// Bots in the chat (by id); `nil`: every bot.
        public var members: Set<Int64>?
        /// Groups only: other bots receive bots' messages.
        public var botToBot: Bool
        /// A group that became this supergroup: sends are refused with `migrate_to_chat_id`.
        public var migratedTo: Int64?

        public init(
            id: Int64, kind: Kind, title: String? = nil, username: String? = nil, members: Set<Int64>? = nil, botToBot: Bool = false,
            migratedTo: Int64? = nil
        ) {
            self.id = id
            self.kind = kind
            self.title = title ?? "chat \(id)"
            self.username = username
            self.members = members
            self.botToBot = botToBot
            self.migratedTo = migratedTo
        }
    }

    /// A message as the simulator stored it.
    public struct Message: Sendable, Equatable {
        public enum Content: String, Sendable { case text, photo, document }
        public var messageID: Int
        public var chatID: Int64
        /// The bot that sent it, or `nil` when a person did.
        public var fromBot: Int64?
        public var content: Content
        /// Text, or the media's caption.
        public var text: String
        public var parseMode: String?
        /// The stored file, for photos and documents.
        public var fileID: String?
        public var date: Int
    }

    struct StoredFile {
        var id: String
        var uniqueID: String
        var path: String
        var bytes: [UInt8]
        var name: String
        var mimeType: String?
        var image: ImageCheck.Image?
    }

    struct PendingUpdate {
        var id: Int64
        var kind: String
        var message: [String: Any]
    }

    struct State: @unchecked Sendable {  // JSON dictionaries; only touched under the lock
        var messages: [Message] = []
        var nextMessageID: [Int64: Int] = [:]
        var updates: [Int64: [PendingUpdate]] = [:]
        var nextUpdateID: Int64 = 100_000
        var files: [String: StoredFile] = [:]
        var polls: [Int64: UInt64] = [:]
        var nextPoll: UInt64 = 0
        var waiters: [UInt64: (bot: Int64, continuation: CheckedContinuation<Void, Never>)] = [:]
    }

    public let faults = FaultPlan()
    let bots: [String: Bot]
    let chats: [Int64: Chat]
    let state = Mutex(State())
    /// The person who posts and forwards in ``post(text:in:)`` and ``forward(_:to:)``.
    public static let personID: Int64 = 7_000_001

    public init(bots: [Bot], chats: [Chat]) {
        self.bots = Dictionary(bots.map { ($0.token, $0) }, uniquingKeysWith: { a, _ in a })
        self.chats = Dictionary(chats.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Chats by id alone: negative ids are channels, positive ones private chats; every bot is in each.
    public convenience init(bots: [Bot], chats: [Int64]) {
        self.init(bots: bots, chats: chats.map { Chat(id: $0, kind: $0 < 0 ? .channel : .private) })
    }

    /// Every message posted so far, oldest first.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// The bytes of a stored file.
    public func file(_ id: String) -> [UInt8]? { state.withLock { $0.files[id]?.bytes } }

    /// Serves on 127.0.0.1:`port` (0: any free port).
    public func start(port: Int = 0, logger: Logger = Logger(label: "signet.simulator.telegram")) async throws -> SimulatorServer {
        let router = Router()
        router.on("/{bot}/{method}", method: .post) { request, context in try await self.handle(request, context) }
        router.on("/{bot}/{method}", method: .get) { request, context in try await self.handle(request, context) }
        router.get("/file/{bot}/{folder}/{name}") { request, context in self.download(context) }
        return try await SimulatorServer.start(router: router, port: port, logger: logger)
    }

    private func handle(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        switch faults.next() {
        case .tooManyRequests(let seconds)?:
            return Self.failure(429, "Too Many Requests: retry after \(seconds)", parameters: ["retry_after": seconds])
        case .serverError(let status)?:
            return Self.failure(status, status == 502 ? "Bad Gateway" : "Internal Server Error")
        case .slow(let delay)?:
            try await Task.sleep(for: delay)
        case .dropConnection?:
            return SimulatorHTTP.dropped()
        case nil:
            break
        }
        let path = context.parameters.get("bot") ?? ""
        guard path.hasPrefix("bot"), let bot = bots[String(path.dropFirst(3))] else {
            return Self.failure(401, "Unauthorized")
        }
        let fields: [String: Any]
        do {
            fields = try await SimulatorHTTP.fields(of: request)
        } catch {
            return Self.failure(400, "Bad Request: can't parse request body")
        }
        switch context.parameters.get("method") ?? "" {
        case "getMe": return Self.success(Self.user(bot))
        case "getChat": return getChat(fields, bot: bot)
        case "sendMessage": return sendMessage(fields, bot: bot)
        case "sendPhoto": return sendMedia(fields, bot: bot, content: .photo)
        case "sendDocument": return sendMedia(fields, bot: bot, content: .document)
        case "getUpdates": return await getUpdates(fields, bot: bot)
        case "getFile": return getFile(fields)
        default: return Self.failure(404, "Not Found")
        }
    }

    static func user(_ bot: Bot) -> [String: Any] {
        ["id": bot.id, "is_bot": true, "first_name": bot.username, "username": bot.username]
    }

    static func chatID(_ value: Any?) -> Int64? {
        switch value {
        case let number as NSNumber: number.int64Value
        case let text as String: Int64(text)
        default: nil
        }
    }

    static func success(_ result: Any) -> Response { SimulatorHTTP.json(200, ["ok": true, "result": result]) }

    static func failure(_ code: Int, _ description: String, parameters: [String: Any]? = nil) -> Response {
        var body: [String: Any] = ["ok": false, "error_code": code, "description": description]
        if let parameters { body["parameters"] = parameters }
        return SimulatorHTTP.json(code, body)
    }
}
