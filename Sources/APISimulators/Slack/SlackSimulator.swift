import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// A loopback Slack Web API (`/api/<method>`, bearer tokens, `{"ok":…}` answers) with Socket
/// Mode, following the documented shapes: `auth.test`, `chat.postMessage`,
/// `conversations.history` (newest first, `oldest`/`latest`/`inclusive`, cursor pagination),
/// the three-step file upload (`files.getUploadURLExternal`, POST to `upload_url`,
/// `files.completeUploadExternal`), and `apps.connections.open` → a WebSocket that says `hello`,
/// pushes `events_api` envelopes for new messages and records acknowledgements.
///
/// Faults: HTTP 429 with `Retry-After`, 5xx, slow answers and dropped connections through
/// ``faults``; Socket Mode `disconnect` messages and abrupt socket loss through
/// ``disconnectSockets(reason:)`` and ``dropSockets()``.
public final class SlackSimulator: Sendable {
    /// A bot user and its token (`xoxb-…`).
    public struct Bot: Sendable {
        public var token: String
        public var userID: String
        public var botID: String

        public init(token: String, userID: String, botID: String) {
            self.token = token
            self.userID = userID
            self.botID = botID
        }
    }

    /// A message as stored.
    public struct Message: Sendable, Equatable {
        public var channel: String
        public var ts: String
        public var text: String
        public var botID: String?
        public var user: String?
        public var fileIDs: [String]
    }

    struct Upload {
        var id: String
        var filename: String
        var length: Int
        var bytes: [UInt8]?
    }

    struct Socket {
        var continuation: AsyncStream<SocketCommand>.Continuation
    }

    enum SocketCommand: Sendable {
        case send(String)
        case disconnect(String)
        case drop
    }

    struct State {
        var messages: [String: [Message]] = [:]
        var lastMicros: Int64 = 0
        var uploads: [String: Upload] = [:]
        var tickets: Set<String> = []
        var sockets: [UUID: Socket] = [:]
        var acknowledged: [String] = []
        var pushed: [String] = []
    }

    public let faults = FaultPlan()
    public static let teamID = "T0SIGNET1"
    let bots: [String: Bot]
    let appTokens: Set<String>
    let channels: Set<String>
    let state = Mutex(State())
    let baseURL = Mutex("")
    let connectionsPaused = Mutex(false)

    public init(bots: [Bot], appTokens: [String], channels: [String]) {
        self.bots = Dictionary(bots.map { ($0.token, $0) }, uniquingKeysWith: { a, _ in a })
        self.appTokens = Set(appTokens)
        self.channels = Set(channels)
    }

    /// Messages of a channel, oldest first.
    public func messages(in channel: String) -> [Message] { state.withLock { $0.messages[channel] ?? [] } }

    /// An uploaded file's bytes.
    public func file(_ id: String) -> [UInt8]? { state.withLock { $0.uploads[id]?.bytes } }

    /// Envelope ids acknowledged by clients, in order.
    public var acknowledgedEnvelopes: [String] { state.withLock { $0.acknowledged } }
    /// Envelope ids pushed to sockets, in order.
    public var pushedEnvelopes: [String] { state.withLock { $0.pushed } }
    /// Open Socket Mode connections.
    public var openSockets: Int { state.withLock { $0.sockets.count } }

    /// Serves on 127.0.0.1:`port` (0: any free port).
    public func start(port: Int = 0, logger: Logger = Logger(label: "signet.simulator.slack")) async throws -> SimulatorServer {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.post("/api/{method}") { request, context in try await self.handle(request, context) }
        router.get("/api/{method}") { request, context in try await self.handle(request, context) }
        router.post("/upload/v1/{file}") { request, context in try await self.receiveUpload(request, context) }
        router.ws("/link") { request, _ in
            self.redeem(request.uri.queryParameters.get("ticket") ?? "") ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, _ in
            try await self.serveSocket(inbound: inbound, outbound: outbound)
        }
        let server = try await SimulatorServer.start(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router), port: port, logger: logger)
        baseURL.withLock { $0 = server.baseURL }
        return server
    }

    private func handle(_ request: Request, _ context: BasicWebSocketRequestContext) async throws -> Response {
        switch faults.next() {
        case .tooManyRequests(let seconds)?: return SimulatorHTTP.json(429, ["ok": false, "error": "ratelimited"], retryAfter: seconds)
        case .serverError(let status)?: return SimulatorHTTP.json(status, ["ok": false, "error": "internal_error"])
        case .slow(let delay)?: try await Task.sleep(for: delay)
        case .dropConnection?: return SimulatorHTTP.dropped()
        case nil: break
        }
        let method = context.parameters.get("method") ?? ""
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") else {
            return Self.failure("not_authed")
        }
        let token = String(authorization.dropFirst("Bearer ".count))
        let fields: [String: Any]
        do {
            fields = try await SimulatorHTTP.fields(of: request)
        } catch {
            return Self.failure("invalid_form_data")
        }
        if method == "apps.connections.open" {
            if bots[token] != nil { return Self.failure("not_allowed_token_type") }
            guard appTokens.contains(token) else { return Self.failure("invalid_auth") }
            while connectionsPaused.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            return openConnection()
        }
        guard let bot = bots[token] else {
            return Self.failure(appTokens.contains(token) ? "not_allowed_token_type" : "invalid_auth")
        }
        switch method {
        case "auth.test":
            return Self.success([
                "url": "https://signet-sim.slack.com/", "team": "Signet simulator", "user": "signet", "team_id": Self.teamID,
                "user_id": bot.userID, "bot_id": bot.botID,
            ])
        case "chat.postMessage": return postMessage(fields, bot: bot)
        case "conversations.history": return history(fields)
        case "files.getUploadURLExternal": return uploadURL(fields)
        case "files.completeUploadExternal": return completeUpload(fields, bot: bot)
        default: return Self.failure("unknown_method", status: 404)
        }
    }

    static func success(_ fields: [String: Any]) -> Response {
        SimulatorHTTP.json(200, fields.merging(["ok": true]) { $1 })
    }

    /// Slack answers most refusals with HTTP 200 and `ok:false`.
    static func failure(_ error: String, status: Int = 200) -> Response {
        SimulatorHTTP.json(status, ["ok": false, "error": error])
    }
}
