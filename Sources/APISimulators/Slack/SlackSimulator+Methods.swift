import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore

extension SlackSimulator {
    func postMessage(_ fields: [String: Any], bot: Bot) -> Response {
        guard let channel = fields["channel"] as? String, channels.contains(channel) else { return Self.failure("channel_not_found") }
        let text = fields["text"] as? String ?? ""
        guard !text.isEmpty else { return Self.failure("no_text") }
        guard text.count <= 40_000 else { return Self.failure("msg_too_long") }
        let message = record(channel: channel, text: text, botID: bot.botID, user: bot.userID, files: [])
        return Self.success(["channel": channel, "ts": message.ts, "message": Self.json(message)])
    }

    /// A person posts in a channel (what a subscriber's feed also receives).
    @discardableResult
    public func post(text: String, in channel: String, user: String = "U0PERSON1") -> Message? {
        guard channels.contains(channel) else { return nil }
        return record(channel: channel, text: text, botID: nil, user: user, files: [])
    }

    /// `conversations.history`: newest first, between `oldest` and `latest` (exclusive unless
    /// `inclusive`), `limit` a page, `cursor` from `response_metadata.next_cursor`.
    func history(_ fields: [String: Any]) -> Response {
        guard let channel = fields["channel"] as? String, channels.contains(channel) else { return Self.failure("channel_not_found") }
        let limit = min(max(Int(Self.string(fields["limit"]) ?? "100") ?? 100, 1), 999)
        let inclusive = ["1", "true"].contains(Self.string(fields["inclusive"]) ?? "")
        let oldest = Self.string(fields["oldest"]).flatMap(Self.micros)
        var latest = Self.string(fields["latest"]).flatMap(Self.micros)
        var latestInclusive = inclusive
        if let cursor = Self.string(fields["cursor"]), !cursor.isEmpty {
            guard let decoded = Data(base64Encoded: cursor).map({ String(decoding: $0, as: UTF8.self) }), decoded.hasPrefix("next_ts:"),
                let bound = Self.micros(String(decoded.dropFirst(8)))
            else { return Self.failure("invalid_cursor") }
            latest = bound
            latestInclusive = false
        }
        let matching = messages(in: channel).reversed().filter { message in
            let ts = Self.micros(message.ts) ?? 0
            if let oldest, inclusive ? ts < oldest : ts <= oldest { return false }
            if let latest, latestInclusive ? ts > latest : ts >= latest { return false }
            return true
        }
        let page = Array(matching.prefix(limit))
        let more = matching.count > limit
        var answer: [String: Any] = ["messages": page.map(Self.json), "has_more": more, "pin_count": 0]
        let next = more ? Data("next_ts:\(page.last?.ts ?? "")".utf8).base64EncodedString() : ""
        answer["response_metadata"] = ["next_cursor": next]
        return Self.success(answer)
    }

    func uploadURL(_ fields: [String: Any]) -> Response {
        guard let filename = Self.string(fields["filename"]), !filename.isEmpty else { return Self.failure("invalid_arguments") }
        guard let length = Self.string(fields["length"]).flatMap({ Int($0) }), length > 0 else { return Self.failure("invalid_arguments") }
        let id = "F" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).uppercased()
        state.withLock { $0.uploads[id] = Upload(id: id, filename: filename, length: length, bytes: nil) }
        return Self.success(["upload_url": "\(baseURL.withLock { $0 })/upload/v1/\(id)", "file_id": id])
    }

    /// The upload step: the file's bytes, raw or as a multipart form, POSTed to `upload_url`.
    func receiveUpload(_ request: Request, _ context: BasicWebSocketRequestContext) async throws -> Response {
        let id = context.parameters.get("file") ?? ""
        guard state.withLock({ $0.uploads[id] }) != nil else { return Response(status: .notFound) }
        let type = request.headers[.contentType] ?? ""
        var bytes: [UInt8]
        if type.hasPrefix("multipart/form-data") {
            let fields = try await SimulatorHTTP.fields(of: request)
            guard let file = fields.values.compactMap({ $0 as? UploadedFile }).first else { return Response(status: .badRequest) }
            bytes = file.bytes
        } else {
            let body = try await request.body.collect(upTo: 1 << 30)
            bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        }
        let accepted = state.withLock { state -> Bool in
            guard var upload = state.uploads[id], upload.length == bytes.count else { return false }
            upload.bytes = bytes
            state.uploads[id] = upload
            return true
        }
        guard accepted else { return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "length does not match"))) }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "OK - \(bytes.count)")))
    }

    func completeUpload(_ fields: [String: Any], bot: Bot) -> Response {
        let list: [[String: Any]]? =
            switch fields["files"] {
            case let array as [[String: Any]]: array
            case let text as String: (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]]
            default: nil
            }
        guard let list, !list.isEmpty else { return Self.failure("invalid_arguments") }
        var done: [[String: Any]] = []
        var ids: [String] = []
        for entry in list {
            guard let id = entry["id"] as? String, let upload = state.withLock({ $0.uploads[id] }) else {
                return Self.failure("file_not_found")
            }
            guard let bytes = upload.bytes else { return Self.failure("file_upload_not_completed") }
            ids.append(id)
            done.append(["id": id, "name": upload.filename, "title": entry["title"] as? String ?? upload.filename, "size": bytes.count])
        }
        if let channel = Self.string(fields["channel_id"]) {
            guard channels.contains(channel) else { return Self.failure("channel_not_found") }
            record(channel: channel, text: Self.string(fields["initial_comment"]) ?? "", botID: bot.botID, user: bot.userID, files: ids)
        }
        return Self.success(["files": done])
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// "1503435956.000247" → microseconds.
    static func micros(_ ts: String) -> Int64? {
        let parts = ts.split(separator: ".", omittingEmptySubsequences: false)
        guard let seconds = Int64(parts.first ?? "") else { return nil }
        let fraction = parts.count > 1 ? String(parts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0) : "000000"
        return seconds * 1_000_000 + (Int64(fraction) ?? 0)
    }

    static func json(_ message: Message) -> [String: Any] {
        var json: [String: Any] = ["type": "message", "ts": message.ts, "text": message.text]
        if let botID = message.botID {
            json["bot_id"] = botID
            json["subtype"] = "bot_message"
        }
        if let user = message.user { json["user"] = user }
        if !message.fileIDs.isEmpty {
            json["files"] = message.fileIDs.map { ["id": $0] }
            if message.botID == nil { json["subtype"] = "file_share" }
        }
        return json
    }

    /// Stores a message with a fresh `ts` and pushes it to every open socket.
    @discardableResult
    func record(channel: String, text: String, botID: String?, user: String?, files: [String]) -> Message {
        state.withLock { state in
            let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
            state.lastMicros = max(now, state.lastMicros + 1)
            let micros = state.lastMicros
            let fraction = String(micros % 1_000_000)
            let ts = "\(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
            let message = Message(channel: channel, ts: ts, text: text, botID: botID, user: user, fileIDs: files)
            state.messages[channel, default: []].append(message)
            for socket in state.sockets.values {
                let envelope = UUID().uuidString.lowercased()
                state.pushed.append(envelope)
                socket.continuation.yield(.send(Self.envelope(envelope, message)))
            }
            return message
        }
    }
}
