import Foundation
import Hummingbird

extension TelegramSimulator {
    /// A chat a bot may post in, or the Bot API's refusal.
    private func target(_ fields: [String: Any], bot: Bot) -> Result<Chat, RefusedRequest> {
        guard let value = fields["chat_id"], !((value as? String)?.isEmpty ?? false) else {
            return .failure(.init(400, "Bad Request: chat_id is empty"))
        }
        guard let chat = lookup(value) else { return .failure(.init(400, "Bad Request: chat not found")) }
        if let moved = chat.migratedTo {
            return .failure(.init(400, "Bad Request: group chat was upgraded to a supergroup chat", ["migrate_to_chat_id": moved]))
        }
        if let members = chat.members, !members.contains(bot.id) {
            return .failure(.init(403, "Forbidden: bot is not a member of the \(chat.kind.rawValue) chat"))
        }
        return .success(chat)
    }

    /// `getChat`: a chat by numeric id or by `@username` (case-insensitive), as the bot sees it.
    /// A bot sees only the chats it is in: any other chat, like one that does not exist, is
    /// "chat not found". A group that became a supergroup answers with `migrate_to_chat_id`.
    func getChat(_ fields: [String: Any], bot: Bot) -> Response {
        guard let value = fields["chat_id"], !((value as? String)?.isEmpty ?? false) else {
            return Self.failure(400, "Bad Request: chat_id is empty")
        }
        guard let chat = lookup(value), chat.members?.contains(bot.id) ?? true else {
            return Self.failure(400, "Bad Request: chat not found")
        }
        if let moved = chat.migratedTo {
            return RefusedRequest(400, "Bad Request: group chat was upgraded to a supergroup chat", ["migrate_to_chat_id": moved]).response
        }
        return Self.success(Self.json(chat))
    }

    /// The chat a `chat_id` names: a numeric id, or `@username` (case-insensitive).
    private func lookup(_ value: Any) -> Chat? {
        if let name = value as? String, name.hasPrefix("@") {
            let wanted = name.dropFirst().lowercased()
            return chats.values.first { $0.username?.lowercased() == wanted }
        }
        return Self.chatID(value).flatMap { chats[$0] }
    }

    /// A `Chat` object: private chats have a `first_name` where the others have a `title`.
    static func json(_ chat: Chat) -> [String: Any] {
        var json: [String: Any] = ["id": chat.id, "type": chat.kind.rawValue]
        json[chat.kind == .private ? "first_name" : "title"] = chat.title
        if let username = chat.username { json["username"] = username }
        return json
    }

    struct RefusedRequest: Error {
        var code: Int
        var description: String
        var parameters: [String: Int64]?
        init(_ code: Int, _ description: String, _ parameters: [String: Int64]? = nil) {
            self.code = code
            self.description = description
            self.parameters = parameters
        }
        var response: Response { TelegramSimulator.failure(code, description, parameters: parameters) }
    }

    /// Checks `parse_mode=HTML` text and returns what a reader sees.
    private func visible(_ text: String, parseMode: String?) -> Result<String, RefusedRequest> {
        guard parseMode == "HTML" else { return .success(text) }
        return HTMLEntities.visibleText(text).mapError { RefusedRequest(400, "Bad Request: can't parse entities: \($0)") }
    }

    func sendMessage(_ fields: [String: Any], bot: Bot) -> Response {
        let chat: Chat
        switch target(fields, bot: bot) {
        case .failure(let refusal): return refusal.response
        case .success(let value): chat = value
        }
        guard let text = fields["text"] as? String, !text.isEmpty else { return Self.failure(400, "Bad Request: message text is empty") }
        let parseMode = fields["parse_mode"] as? String
        switch visible(text, parseMode: parseMode) {
        case .failure(let refusal): return refusal.response
        case .success(let shown):
            guard shown.utf16.count <= 4096 else { return Self.failure(400, "Bad Request: message is too long") }
        }
        return Self.success(record(chat: chat, from: bot, content: .text, text: text, parseMode: parseMode, fileID: nil).json)
    }

    func sendMedia(_ fields: [String: Any], bot: Bot, content: Message.Content) -> Response {
        let chat: Chat
        switch target(fields, bot: bot) {
        case .failure(let refusal): return refusal.response
        case .success(let value): chat = value
        }
        let caption = fields["caption"] as? String ?? ""
        let parseMode = fields["parse_mode"] as? String
        switch visible(caption, parseMode: parseMode) {
        case .failure(let refusal): return refusal.response
        case .success(let shown):
            guard shown.utf16.count <= 1024 else { return Self.failure(400, "Bad Request: message caption is too long") }
        }
        let field = content == .photo ? "photo" : "document"
        let fileID: String
        switch fields[field] {
        case let upload as UploadedFile:
            guard !upload.bytes.isEmpty else { return Self.failure(400, "Bad Request: file must be non-empty") }
            let image = ImageCheck.inspect(upload.bytes)
            if content == .photo && image == nil { return Self.failure(400, "Bad Request: IMAGE_PROCESS_FAILED") }
            fileID = store(upload, folder: content == .photo ? "photos" : "documents", image: image)
        case let existing as String:
            guard state.withLock({ $0.files[existing] }) != nil else {
                return Self.failure(400, "Bad Request: wrong file identifier/HTTP URL specified")
            }
            fileID = existing
        default:
            return Self.failure(400, "Bad Request: there is no \(field) in the request")
        }
        return Self.success(record(chat: chat, from: bot, content: content, text: caption, parseMode: parseMode, fileID: fileID).json)
    }

    private func store(_ upload: UploadedFile, folder: String, image: ImageCheck.Image?) -> String {
        state.withLock { state in
            let number = state.files.count + 1
            let id = "BQACAgI\(number)AAx\(UUID().uuidString.prefix(8))"
            let ext = image?.format == "jpeg"
                ? "jpg" : image != nil ? "png" : (upload.filename.split(separator: ".").last.map(String.init) ?? "bin")
            state.files[id] = StoredFile(
                id: id, uniqueID: "AgAD\(number)", path: "\(folder)/file_\(number).\(ext)", bytes: upload.bytes, name: upload.filename,
                mimeType: upload.contentType, image: image)
            return id
        }
    }

    /// A person posts in a chat (as an administrator in a channel): what a subscriber bot in
    /// that chat receives, as Telegram delivers it.
    @discardableResult
    public func post(text: String, in chatID: Int64) -> Message? {
        guard let chat = chats[chatID] else { return nil }
        return message(in: chat, from: nil, content: .text, text: text, parseMode: nil, fileID: nil)
    }

    /// A person forwards a stored message into another chat (for example a private chat with a
    /// subscriber's bot, where Telegram delivers it to that bot).
    @discardableResult
    public func forward(_ original: Message, to chatID: Int64) -> Message? {
        guard let chat = chats[chatID] else { return nil }
        return message(
            in: chat, from: nil, content: original.content, text: original.text, parseMode: original.parseMode, fileID: original.fileID)
    }

    private func message(
        in chat: Chat, from bot: Bot?, content: Message.Content, text: String, parseMode: String?, fileID: String?
    ) -> Message {
        record(chat: chat, from: bot, content: content, text: text, parseMode: parseMode, fileID: fileID).message
    }

    /// Stores a message, queues the updates Telegram would deliver, wakes long polls, and returns
    /// the `Message` JSON.
    private func record(chat: Chat, from bot: Bot?, content: Message.Content, text: String, parseMode: String?, fileID: String?) -> (
        json: [String: Any], message: Message
    ) {
        let (json, message, wake) = state.withLock { state -> ([String: Any], Message, [CheckedContinuation<Void, Never>]) in
            let id = (state.nextMessageID[chat.id] ?? 0) + 1
            state.nextMessageID[chat.id] = id
            let message = Message(
                messageID: id, chatID: chat.id, fromBot: bot?.id, content: content, text: text, parseMode: parseMode, fileID: fileID,
                date: Int(Date().timeIntervalSince1970))
            state.messages.append(message)
            let json = Self.json(message, chat: chat, bot: bot, file: fileID.flatMap { state.files[$0] })
            var wake: [CheckedContinuation<Void, Never>] = []
            for receiver in recipients(of: chat, from: bot) {
                state.nextUpdateID += 1
                state.updates[receiver, default: []].append(
                    PendingUpdate(id: state.nextUpdateID, kind: chat.kind == .channel ? "channel_post" : "message", message: json))
                for (token, waiter) in state.waiters where waiter.bot == receiver {
                    wake.append(waiter.continuation)
                    state.waiters[token] = nil
                }
            }
            return (json, message, wake)
        }
        for continuation in wake { continuation.resume() }
        return (json, message)
    }

    /// The bots Telegram delivers this post to.
    private func recipients(of chat: Chat, from sender: Bot?) -> [Int64] {
        let members = chat.members ?? Set(bots.values.map(\.id))
        return members.sorted().filter { receiver in
            guard receiver != sender?.id else { return false }
            guard sender != nil else { return true }  // people's posts reach the chat's bots
            switch chat.kind {
            case .channel, .private: return false
            case .group, .supergroup: return chat.botToBot
            }
        }
    }

    static func json(_ message: Message, chat: Chat, bot: Bot?, file: StoredFile?) -> [String: Any] {
        var json: [String: Any] = [
            "message_id": message.messageID, "date": message.date,
            "chat": Self.json(chat),
        ]
        if chat.kind == .channel {
            json["sender_chat"] = Self.json(chat)
        } else if let bot {
            json["from"] = user(bot)
        } else {
            json["from"] = ["id": personID, "is_bot": false, "first_name": "Trader"]
        }
        let visible = message.parseMode == "HTML" ? ((try? HTMLEntities.visibleText(message.text).get()) ?? message.text) : message.text
        switch message.content {
        case .text: json["text"] = visible
        case .photo, .document:
            if !visible.isEmpty { json["caption"] = visible }
        }
        if let file {
            var reference: [String: Any] = ["file_id": file.id, "file_unique_id": file.uniqueID, "file_size": file.bytes.count]
            if message.content == .photo, let image = file.image {
                reference["width"] = image.width
                reference["height"] = image.height
                json["photo"] = [reference]
            } else {
                reference["file_name"] = file.name
                if let type = file.mimeType { reference["mime_type"] = type }
                json["document"] = reference
            }
        }
        return json
    }
}
