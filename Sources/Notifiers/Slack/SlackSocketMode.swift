import Foundation
import Logging
import Synchronization
import Transport
import WSClient

/// Slack Socket Mode: `apps.connections.open` with the app-level `xapp-…` token, then a
/// WebSocket on which Slack pushes `events_api` envelopes. Every envelope is acknowledged with
/// its `envelope_id` as soon as it arrives (Slack redelivers what is not acknowledged within
/// 3 s); a `disconnect` message (`warning`, `refresh_requested`, `link_disabled`) is followed by
/// a fresh connection, and a broken one by a reconnection with backoff. Messages Slack pushed
/// while no socket was open are not replayed by Slack: ``SlackChannelFeed`` fills such gaps
/// from the channel's history.
public final class SlackSocketMode: Sendable {
    public enum Event: Sendable, Equatable {
        /// A socket is open and Slack said hello (after every reconnection, too).
        case connected
        /// A new message in a channel the app is in.
        case message(channel: String, SlackClient.Message)
    }

    private let app: SlackClient
    private let sleeper: any Sleeper
    private let logger: Logger
    private let acknowledged = Mutex<Int>(0)
    private let connections = Mutex<Int>(0)

    /// - Parameter app: a client holding the app-level token (`xapp-…`, scope `connections:write`).
    public init(app: SlackClient, sleeper: any Sleeper = ClockSleeper(), logger: Logger = Logger(label: "signet.slack.socket")) {
        self.app = app
        self.sleeper = sleeper
        self.logger = logger
    }

    /// Envelopes acknowledged so far.
    public var acknowledgements: Int { acknowledged.withLock { $0 } }
    /// Sockets opened so far (1 + reconnections).
    public var connectionCount: Int { connections.withLock { $0 } }

    /// Runs until the task is cancelled or `handle` throws, reconnecting as needed.
    public func run(_ handle: @escaping @Sendable (Event) async throws -> Void) async throws {
        let reconnecting = Reconnecting(name: "Slack socket", sleeper: sleeper, logger: logger) { error in
            (error as? SlackError)?.kind == .unauthorized
        }
        try await reconnecting.run {
            let url = try await app.openConnection()
            return try await session(url: url, handle)
        }
    }

    private func session(url: String, _ handle: @escaping @Sendable (Event) async throws -> Void) async throws -> SessionEnd {
        connections.withLock { $0 += 1 }
        let result = Mutex<SessionEnd>(.broken("the socket closed without a disconnect message"))
        try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 22), logger: logger) { inbound, outbound, _ in
            for try await frame in inbound.messages(maxSize: 1 << 22) {
                guard case .text(let text) = frame,
                    let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
                else { continue }
                if let envelope = object["envelope_id"] as? String {
                    // Acknowledge first: a slow handler must not make Slack redeliver.
                    try await outbound.write(.text(#"{"envelope_id":"\#(envelope)"}"#))
                    self.acknowledged.withLock { $0 += 1 }
                }
                switch object["type"] as? String {
                case "hello":
                    do { try await handle(.connected) } catch { throw HandlerFailure(underlying: error) }
                case "disconnect":
                    result.withLock { $0 = .refreshed(object["reason"] as? String ?? "unspecified") }
                    try await outbound.close(.normalClosure, reason: "reconnecting")
                    return
                case "events_api":
                    guard let event = Self.message(in: object) else { continue }
                    do {
                        try await handle(.message(channel: event.channel, event.message))
                    } catch {
                        throw HandlerFailure(underlying: error)
                    }
                default:
                    continue
                }
            }
        }
        return result.withLock { $0 }
    }

    /// The new message an `events_api` envelope carries, if it carries one.
    static func message(in envelope: [String: Any]) -> (channel: String, message: SlackClient.Message)? {
        guard let payload = envelope["payload"] as? [String: Any], let event = payload["event"] as? [String: Any],
            event["type"] as? String == "message", let channel = event["channel"] as? String,
            let data = try? JSONSerialization.data(withJSONObject: event),
            let message = try? JSONDecoder().decode(SlackClient.Message.self, from: data)
        else { return nil }
        // Edits and deletions are not new messages.
        guard [nil, "bot_message", "file_share", "thread_broadcast"].contains(message.subtype) else { return nil }
        return (channel, message)
    }
}
