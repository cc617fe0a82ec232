import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback Telegram Bot API (`/bot<token>/<method>`), following the documented shapes:
/// `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…,"parameters":…}`.
/// Implements `getMe` and `sendMessage` (text length and HTML entity checks as Telegram does).
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

    /// A message as the simulator stored it.
    public struct Message: Sendable, Equatable {
        public var messageID: Int
        public var chatID: Int64
        public var fromBot: Int64
        public var text: String
        public var parseMode: String?
    }

    public let faults = FaultPlan()
    private let bots: [String: Bot]
    private let chats: Set<Int64>
    private let state = Mutex<(messages: [Message], nextID: [Int64: Int])>(([], [:]))

    /// A simulator that knows `bots` (by token) and the chats `chats`.
    public init(bots: [Bot], chats: [Int64]) {
        self.bots = Dictionary(bots.map { ($0.token, $0) }, uniquingKeysWith: { a, _ in a })
        self.chats = Set(chats)
    }

    /// Every message posted so far, oldest first.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// Serves on 127.0.0.1:`port` (0: any free port).
    public func start(port: Int = 0, logger: Logger = Logger(label: "signet.simulator.telegram")) async throws -> SimulatorServer {
        let router = Router()
        router.on("/{bot}/{method}", method: .post) { request, context in try await self.handle(request, context) }
        router.on("/{bot}/{method}", method: .get) { request, context in try await self.handle(request, context) }
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
        case nil:
            break
        }
        let path = context.parameters.get("bot") ?? ""
        guard path.hasPrefix("bot"), let bot = bots[String(path.dropFirst(3))] else {
            return Self.failure(401, "Unauthorized")
        }
        let fields = try await Self.fields(of: request)
        switch context.parameters.get("method") ?? "" {
        case "getMe":
            return Self.success(["id": bot.id, "is_bot": true, "first_name": bot.username, "username": bot.username])
        case "sendMessage":
            return sendMessage(fields, bot: bot)
        default:
            return Self.failure(404, "Not Found")
        }
    }

    private func sendMessage(_ fields: [String: Any], bot: Bot) -> Response {
        guard let chat = Self.chatID(fields["chat_id"]) else { return Self.failure(400, "Bad Request: chat_id is empty") }
        guard chats.contains(chat) else { return Self.failure(400, "Bad Request: chat not found") }
        guard let text = fields["text"] as? String, !text.isEmpty else { return Self.failure(400, "Bad Request: message text is empty") }
        let parseMode = fields["parse_mode"] as? String
        let visible = parseMode == "HTML" ? HTMLEntities.visibleText(text) : .success(text)
        let shown: String
        switch visible {
        case .failure(let problem): return Self.failure(400, "Bad Request: can't parse entities: \(problem)")
        case .success(let value): shown = value
        }
        guard shown.utf16.count <= 4096 else { return Self.failure(400, "Bad Request: message is too long") }
        let message = state.withLock { state -> Message in
            let id = (state.nextID[chat] ?? 0) + 1
            state.nextID[chat] = id
            let message = Message(messageID: id, chatID: chat, fromBot: bot.id, text: text, parseMode: parseMode)
            state.messages.append(message)
            return message
        }
        return Self.success([
            "message_id": message.messageID, "date": Int(Date().timeIntervalSince1970), "text": shown,
            "chat": ["id": chat, "type": chat < 0 ? "channel" : "private"],
            "from": ["id": bot.id, "is_bot": true, "first_name": bot.username, "username": bot.username],
        ])
    }

    static func chatID(_ value: Any?) -> Int64? {
        switch value {
        case let number as NSNumber: number.int64Value
        case let text as String: Int64(text)
        default: nil
        }
    }

    /// Parameters as Telegram accepts them: JSON body, form body, or query string.
    static func fields(of request: Request) async throws -> [String: Any] {
        var fields: [String: Any] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        let body = try await request.body.collect(upTo: 50 << 20)
        guard body.readableBytes > 0 else { return fields }
        let type = request.headers[.contentType] ?? ""
        if type.hasPrefix("application/json") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else { return fields }
            fields.merge(object) { $1 }
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            for pair in String(buffer: body).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
        }
        return fields
    }

    static func success(_ result: Any) -> Response { json(200, ["ok": true, "result": result]) }

    static func failure(_ code: Int, _ description: String, parameters: [String: Any]? = nil) -> Response {
        var body: [String: Any] = ["ok": false, "error_code": code, "description": description]
        if let parameters { body["parameters"] = parameters }
        return json(code, body)
    }

    static func json(_ status: Int, _ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The subset of HTML Telegram accepts in `parse_mode=HTML`: checks tags and entities like the
/// Bot API does, and returns the text a reader sees.
enum HTMLEntities {
    static let tags: Set<String> = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote"]

    static func visibleText(_ html: String) -> Result<String, HTMLError> {
        var visible = ""
        var open: [String] = []
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { return .failure(HTMLError("unclosed start tag")) }
                let inner = html[html.index(after: index)..<close]
                let closing = inner.hasPrefix("/")
                let name = String((closing ? inner.dropFirst() : inner).prefix { $0 != " " }).lowercased()
                guard tags.contains(name) else { return .failure(HTMLError("unsupported start tag \"\(name)\"")) }
                if closing {
                    guard open.last == name else { return .failure(HTMLError("unmatched end tag \"\(name)\"")) }
                    open.removeLast()
                } else {
                    open.append(name)
                }
                index = html.index(after: close)
            } else if character == "&" {
                guard let semicolon = html[index...].firstIndex(of: ";") else { return .failure(HTMLError("unterminated entity")) }
                switch html[html.index(after: index)..<semicolon] {
                case "lt": visible.append("<")
                case "gt": visible.append(">")
                case "amp": visible.append("&")
                case "quot": visible.append("\"")
                case let entity: return .failure(HTMLError("unsupported entity \"&\(entity);\""))
                }
                index = html.index(after: semicolon)
            } else {
                visible.append(character)
                index = html.index(after: index)
            }
        }
        guard open.isEmpty else { return .failure(HTMLError("can't find end tag corresponding to start tag \"\(open.last!)\"")) }
        return .success(visible)
    }

    struct HTMLError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
