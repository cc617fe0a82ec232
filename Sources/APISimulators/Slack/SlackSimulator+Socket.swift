import Foundation
import Hummingbird
import HummingbirdWebSocket

extension SlackSimulator {
    /// `apps.connections.open`: a single-use WebSocket URL.
    func openConnection() -> Response {
        let ticket = UUID().uuidString.lowercased()
        state.withLock { _ = $0.tickets.insert(ticket) }
        let base = baseURL.withLock { $0 }.replacingOccurrences(of: "http://", with: "ws://")
        return Self.success(["url": "\(base)/link/?ticket=\(ticket)&app_id=A0SIGNET1"])
    }

    func redeem(_ ticket: String) -> Bool {
        state.withLock { $0.tickets.remove(ticket) != nil }
    }

    /// One Socket Mode connection: `hello`, then pushed envelopes and commands; acknowledgements
    /// are recorded as they come back.
    func serveSocket(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let id = UUID()
        let (commands, continuation) = AsyncStream<SocketCommand>.makeStream()
        let count = state.withLock { state -> Int in
            state.sockets[id] = Socket(continuation: continuation)
            return state.sockets.count
        }
        defer { _ = state.withLock { $0.sockets.removeValue(forKey: id) } }
        try await outbound.write(.text(
            #"{"type":"hello","num_connections":\#(count),"debug_info":{"host":"applink-sim","approximate_connection_time":18060"#
                + #"},"connection_info":{"app_id":"A0SIGNET1"}}"#))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await command in commands {
                    switch command {
                    case .send(let text): try await outbound.write(.text(text))
                    case .disconnect(let reason):
                        try await outbound.write(.text(#"{"type":"disconnect","reason":"\#(reason)","debug_info":{"host":"applink-sim"}}"#))
                    case .drop: throw SimulatorError("socket dropped by fault injection")
                    }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                        let envelope = object["envelope_id"] as? String
                    else { continue }
                    self.state.withLock { $0.acknowledged.append(envelope) }
                }
            }
            // Either side ending ends the connection.
            try await group.next()
            group.cancelAll()
        }
    }

    /// Sends `{"type":"disconnect"}` to every open socket (`warning`, `refresh_requested`,
    /// `link_disabled`), as Slack does before it rotates a connection.
    public func disconnectSockets(reason: String = "refresh_requested") {
        state.withLock { state in
            for socket in state.sockets.values { socket.continuation.yield(.disconnect(reason)) }
        }
    }

    /// Breaks every open socket without a word (a network failure).
    public func dropSockets() {
        state.withLock { state in
            for socket in state.sockets.values { socket.continuation.yield(.drop) }
            state.sockets.removeAll()
        }
    }

    /// Holds `apps.connections.open` answers until ``resumeConnections()``: a window in which
    /// no socket is open, for gap tests.
    public func pauseConnections() { connectionsPaused.withLock { $0 = true } }
    public func resumeConnections() { connectionsPaused.withLock { $0 = false } }

    static func envelope(_ id: String, _ message: Message) -> String {
        var event = json(message)
        event["channel"] = message.channel
        event["event_ts"] = message.ts
        event["channel_type"] = "channel"
        let payload: [String: Any] = [
            "token": "simulated", "team_id": teamID, "api_app_id": "A0SIGNET1", "event": event, "type": "event_callback",
            "event_id": "Ev" + id.prefix(8).uppercased(), "event_time": Int(Date().timeIntervalSince1970),
        ]
        let envelope: [String: Any] = [
            "envelope_id": id, "payload": payload, "type": "events_api", "accepts_response_payload": false, "retry_attempt": 0,
            "retry_reason": "",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
