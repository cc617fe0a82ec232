import Foundation
import Hummingbird
import NIOCore

extension TelegramSimulator {
    /// `getUpdates`: confirms updates below `offset`, returns the rest, and long-polls up to
    /// `timeout` seconds when there are none. A newer poll for the same bot ends an older one
    /// with 409, as Telegram does.
    func getUpdates(_ fields: [String: Any], bot: Bot) async -> Response {
        let offset = Self.chatID(fields["offset"]) ?? 0
        let limit = min(max(Int(Self.chatID(fields["limit"]) ?? 100), 1), 100)
        let timeout = max(0, Int(Self.chatID(fields["timeout"]) ?? 0))
        let allowed = Self.allowedUpdates(fields["allowed_updates"])
        let poll = state.withLock { state -> UInt64 in
            state.nextPoll += 1
            state.polls[bot.id] = state.nextPoll
            if offset > 0 { state.updates[bot.id]?.removeAll { $0.id < offset } }
            // A newer poll ends the one before it.
            for (token, waiter) in state.waiters where waiter.bot == bot.id {
                state.waiters[token] = nil
                waiter.continuation.resume()
            }
            return state.nextPoll
        }
        if timeout > 0 {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.park(bot: bot.id, poll: poll, offset: offset, allowed: allowed) }
                group.addTask {
                    try? await Task.sleep(for: .seconds(timeout))
                    self.wake(poll)
                }
                await group.next()
                group.cancelAll()
                self.wake(poll)
            }
        }
        let (current, ready) = state.withLock { state in
            (state.polls[bot.id] == poll, Self.ready(state.updates[bot.id] ?? [], offset: offset, allowed: allowed))
        }
        guard current else {
            return Self.failure(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
        }
        return Self.success(ready.prefix(limit).map { ["update_id": $0.id, $0.kind: $0.message] as [String: Any] })
    }

    private static func ready(_ updates: [PendingUpdate], offset: Int64, allowed: Set<String>?) -> [PendingUpdate] {
        updates.filter { $0.id >= offset && (allowed?.contains($0.kind) ?? true) }
    }

    /// `allowed_updates` arrives as a JSON array (JSON body) or a JSON-encoded string (form body).
    private static func allowedUpdates(_ value: Any?) -> Set<String>? {
        let list: [String]? =
            switch value {
            case let array as [String]: array
            case let text as String: (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
            default: nil
            }
        guard let list, !list.isEmpty else { return nil }
        return Set(list)
    }

    /// Returns when an update for `bot` arrives, a newer poll starts, or ``wake(_:)`` is called.
    private func park(bot: Int64, poll: UInt64, offset: Int64, allowed: Set<String>?) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.polls[bot] != poll || !Self.ready(state.updates[bot] ?? [], offset: offset, allowed: allowed).isEmpty {
                    return true
                }
                state.waiters[poll] = (bot, continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func wake(_ poll: UInt64) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: poll) }
        waiter?.continuation.resume()
    }

    /// `getFile`: a stored file's path for download.
    func getFile(_ fields: [String: Any]) -> Response {
        guard let id = fields["file_id"] as? String, let file = state.withLock({ $0.files[id] }) else {
            return Self.failure(400, "Bad Request: invalid file_id")
        }
        return Self.success(["file_id": file.id, "file_unique_id": file.uniqueID, "file_size": file.bytes.count, "file_path": file.path])
    }

    /// `GET /file/bot<token>/<file_path>`.
    func download(_ context: BasicRequestContext) -> Response {
        let path = "\(context.parameters.get("folder") ?? "")/\(context.parameters.get("name") ?? "")"
        let token = context.parameters.get("bot").map { String($0.dropFirst(3)) } ?? ""
        guard bots[token] != nil else { return Self.failure(401, "Unauthorized") }
        guard let file = state.withLock({ $0.files.values.first { $0.path == path } }) else { return Self.failure(404, "Not Found") }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
