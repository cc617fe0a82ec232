import Foundation
import Transport

extension TelegramClient {
    /// `sendMessage`. Text longer than one message is split at line boundaries and sent as several
    /// messages, in order. With `html`, the text must already be Telegram HTML (see ``escapeHTML(_:)``).
    @discardableResult
    public func sendMessage(chatID: String, text: String, html: Bool = true, silent: Bool = false) async throws -> [MessageReference] {
        var sent: [MessageReference] = []
        for chunk in Self.split(text, limit: Self.messageLimit) {
            let reference = try await sendFollowingMigration(chatID) { chat in
                var parameters: [String: Any] = ["chat_id": chat, "text": chunk, "disable_notification": silent]
                if html { parameters["parse_mode"] = "HTML" }
                return try await self.call("sendMessage", json: parameters, as: Message.self)
            }
            sent.append(reference)
        }
        return sent
    }

    /// `sendPhoto` with a PNG or JPEG uploaded as `multipart/form-data`. A caption over Telegram's
    /// 1024-character limit is not cut: the photo goes without it and the caption follows as a
    /// message, so nothing is lost.
    @discardableResult
    public func sendPhoto(
        chatID: String, image: [UInt8], filename: String = "chart.png", caption: String? = nil, html: Bool = true
    ) async throws -> [MessageReference] {
        try await sendMedia(
            "sendPhoto", field: "photo", chatID: chatID, bytes: image, filename: filename, contentType: Self.imageType(image),
            caption: caption, html: html)
    }

    /// `sendDocument`: any file, delivered as is (sealed attachments are not images, and Telegram
    /// would recompress a photo).
    @discardableResult
    public func sendDocument(
        chatID: String, bytes: [UInt8], filename: String, contentType: String = "application/octet-stream", caption: String? = nil,
        html: Bool = true
    ) async throws -> [MessageReference] {
        try await sendMedia(
            "sendDocument", field: "document", chatID: chatID, bytes: bytes, filename: filename, contentType: contentType, caption: caption,
            html: html)
    }

    private func sendMedia(
        _ method: String, field: String, chatID: String, bytes: [UInt8], filename: String, contentType: String, caption: String?, html: Bool
    ) async throws -> [MessageReference] {
        let fits = caption.map { $0.utf16.count <= Self.captionLimit } ?? true
        let reference = try await sendFollowingMigration(chatID) { chat in
            var form = MultipartForm()
            form.add("chat_id", chat)
            if let caption, fits {
                form.add("caption", caption)
                if html { form.add("parse_mode", "HTML") }
            }
            form.add(field, file: .init(filename: filename, contentType: contentType, bytes: bytes))
            return try await self.call(method, body: form.body, contentType: form.contentType, timeout: .seconds(120), as: Message.self)
        }
        guard let caption, !fits else { return [reference] }
        return [reference] + (try await sendMessage(chatID: String(reference.chatID), text: caption, html: html))
    }

    /// Paces the send for its chat, and when Telegram answers that the group moved, sends again to
    /// the new chat and remembers the move for later sends.
    private func sendFollowingMigration(
        _ chatID: String, _ send: @Sendable (String) async throws -> Message
    ) async throws -> MessageReference {
        var chat = migrations.withLock { $0[chatID] } ?? chatID
        for _ in 0..<2 {
            try await limiter?.acquire(chat)
            do {
                let message = try await send(chat)
                return MessageReference(chatID: message.chat.id, messageID: message.messageID)
            } catch let error as TelegramError where error.kind == .chatMigrated {
                guard let target = error.migrateToChatID else { throw error }
                let moved = String(target)
                migrations.withLock { $0[chatID] = moved }
                logger.warning(
                    "Telegram chat \(chatID) became supergroup \(moved); sending there. Update telegram.chat_id to \(moved).",
                    metadata: ["old_chat_id": "\(chatID)", "new_chat_id": "\(moved)"])
                chat = moved
            }
        }
        throw TelegramError(
            kind: .chatMigrated, errorCode: 400, message: "chat \(chatID) moved more than once while sending", migrateToChatID: Int64(chat))
    }

    /// `image/png` or `image/jpeg` from the file's signature; Telegram itself checks the content.
    static func imageType(_ bytes: [UInt8]) -> String {
        bytes.starts(with: [0xFF, 0xD8, 0xFF]) ? "image/jpeg" : "image/png"
    }

    /// Escapes text for `parse_mode=HTML`: `&`, `<` and `>` (and `"` for attributes).
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Splits `text` into pieces of at most `limit` UTF-16 units (Telegram's measure), at line
    /// boundaries where possible; a line longer than `limit` is cut between characters, never
    /// inside an HTML entity.
    public static func split(_ text: String, limit: Int) -> [String] {
        guard text.utf16.count > limit else { return [text] }
        var pieces: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { pieces.append(current) }
            current = ""
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? line : current + "\n" + line
            if candidate.utf16.count <= limit {
                current = candidate
                continue
            }
            flush()
            var rest = Substring(line)
            while rest.utf16.count > limit {
                var cut = rest.startIndex
                var used = 0
                for index in rest.indices {
                    let width = rest[index].utf16.count
                    if used + width > limit { break }
                    used += width
                    cut = rest.index(after: index)
                }
                // Do not cut inside "&amp;"-style entities.
                if let ampersand = rest[..<cut].lastIndex(of: "&"), !rest[ampersand..<cut].contains(";"), ampersand > rest.startIndex {
                    cut = ampersand
                }
                pieces.append(String(rest[..<cut]))
                rest = rest[cut...]
            }
            current = String(rest)
        }
        flush()
        return pieces
    }
}
