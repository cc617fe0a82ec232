import APISimulators
import Foundation
import Testing
import Trader
@testable import Notifiers

/// A Telegram simulator with one bot and two chats, and a client for it.
struct TelegramWorld {
    static let token = "123456:TEST-token"
    let simulator = TelegramSimulator(bots: [.init(id: 123_456, username: "signet_test_bot", token: token)], chats: [-1001, 42])
    let server: SimulatorServer
    let sleeper = RecordingSleeper()

    init() async throws {
        server = try await simulator.start()
    }

    func client(token: String = TelegramWorld.token, maxAttempts: Int = 5) -> TelegramClient {
        TelegramClient(token: Secret(token), baseURL: server.baseURL, sleeper: sleeper, maxAttempts: maxAttempts)
    }
}

@Suite("HTTP on libcurl")
struct HTTPClientTests {
    @Test func postsJSONAndReadsStatusHeadersAndBody() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let response = try await HTTPClient().send(HTTPRequest(
            method: .post, url: "\(world.server.baseURL)/bot\(TelegramWorld.token)/getMe", headers: [("Content-Type", "application/json")], body: Array("{}".utf8)))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        #expect(response.bodyText.contains("\"username\":\"signet_test_bot\""))
    }

    @Test func nonSuccessStatusKeepsStatusHeadersAndBody() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        do {
            _ = try await HTTPClient().send(HTTPRequest(method: .post, url: "\(world.server.baseURL)/botwrong/getMe"))
            Issue.record("expected an error")
        } catch let error as HTTPError {
            #expect(error.code == .status)
            #expect(error.response?.status == 401)
            #expect(error.response?.bodyText.contains("Unauthorized") == true)
            #expect(!error.message.contains("wrong"), "the token must not appear in messages: \(error.message)")
        }
    }

    @Test func timeoutIsReportedAsTimeout() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.slow(.seconds(3)))
        do {
            _ = try await HTTPClient().send(HTTPRequest(method: .post, url: "\(world.server.baseURL)/bot\(TelegramWorld.token)/getMe", timeout: .milliseconds(200)))
            Issue.record("expected a timeout")
        } catch let error as HTTPError {
            #expect(error.code == .timeout)
            #expect(error.isTransient)
        }
    }

    @Test func refusedConnectionIsAConnectionError() async throws {
        do {
            _ = try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:1/nothing", timeout: .seconds(5)))
            Issue.record("expected an error")
        } catch let error as HTTPError {
            #expect(error.code == .connection)
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.slow(.seconds(20)))
        let task = Task {
            try await HTTPClient().send(HTTPRequest(method: .post, url: "\(world.server.baseURL)/bot\(TelegramWorld.token)/getMe", timeout: .seconds(60)))
        }
        while world.simulator.faults.requests == 0 { await Task.yield() }  // the request reached the server
        task.cancel()
        let started = ContinuousClock.now
        do {
            _ = try await task.value
            Issue.record("expected cancellation")
        } catch let error as HTTPError {
            #expect(error.code == .cancelled)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

@Suite("Telegram client against the simulator")
struct TelegramClientTests {
    @Test func getMeChecksTheToken() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        #expect(try await world.client().getMe() == .init(id: 123_456, username: "signet_test_bot"))
        await #expect(throws: TelegramError.self) { try await world.client(token: "1:bad").getMe() }
        do {
            _ = try await world.client(token: "1:bad").getMe()
        } catch let error as TelegramError {
            #expect(error.kind == .unauthorized)
            #expect(error.errorCode == 401)
            #expect(error.description.contains("check telegram.token"))
        }
    }

    @Test func sendMessagePostsEscapedHTMLThatReadsBackAsTheOriginal() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let original = "BUY <BTC/USD> 0.25 @ 64250.10 & \"stop\" 63000"
        let text = "<b>Signal</b>\n" + TelegramClient.escapeHTML(original)
        let sent = try await world.client().sendMessage(chatID: "-1001", text: text)
        #expect(sent == [.init(chatID: -1001, messageID: 1)])
        #expect(world.simulator.messages.last?.text == text)
        #expect(world.simulator.messages.last?.parseMode == "HTML")
    }

    @Test func unescapedHTMLIsRefusedAsTelegramRefusesIt() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        do {
            try await world.client().sendMessage(chatID: "42", text: "price < 5 & rising")
            Issue.record("expected a bad request")
        } catch let error as TelegramError {
            #expect(error.kind == .badRequest)
            #expect(error.message.contains("can't parse entities"))
        }
        #expect(world.sleeper.durations.isEmpty, "a bad request must not be retried")
    }

    @Test func longTextIsSplitAtLineBoundariesIntoMessagesOfAtMost4096() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let lines = (1...600).map { "line \($0): " + String(repeating: "x", count: 20) + " &amp; done" }
        let text = lines.joined(separator: "\n")
        let sent = try await world.client().sendMessage(chatID: "42", text: text)
        #expect(sent.count > 1)
        #expect(sent.map(\.messageID) == Array(1...sent.count))
        let posted = world.simulator.messages.map(\.text)
        #expect(posted.allSatisfy { $0.utf16.count <= 4096 })
        #expect(posted.joined(separator: "\n") == text)
    }

    @Test(arguments: [
        ("a\nb\nc", 3, ["a\nb", "c"]),
        ("abcdef", 4, ["abcd", "ef"]),
        ("ab&amp;cd", 4, ["ab", "&amp", ";cd"]),
        ("short", 10, ["short"]),
    ])
    func splitRespectsLinesAndEntities(text: String, limit: Int, expected: [String]) {
        let pieces = TelegramClient.split(text, limit: limit)
        #expect(pieces.allSatisfy { $0.utf16.count <= limit })
        if limit >= 5 || !text.contains("&") { #expect(pieces == expected) }
    }

    @Test func rateLimitIsRetriedAfterTheStatedDelay() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.tooManyRequests(retryAfter: 7), .tooManyRequests(retryAfter: 3))
        try await world.client().sendMessage(chatID: "42", text: "after the storm")
        #expect(world.sleeper.durations == [.seconds(7), .seconds(3)])
        #expect(world.simulator.messages.map(\.text) == ["after the storm"])
    }

    @Test func serverErrorsAreRetriedWithExponentialBackoffThenReported() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.serverError(status: 502), .serverError(status: 500))
        try await world.client().sendMessage(chatID: "42", text: "eventually")
        #expect(world.sleeper.durations == [.seconds(1), .seconds(2)])

        world.simulator.faults.inject(.serverError(status: 502), .serverError(status: 502), .serverError(status: 502))
        do {
            try await world.client(maxAttempts: 3).sendMessage(chatID: "42", text: "never")
            Issue.record("expected the server error after 3 attempts")
        } catch let error as TelegramError {
            #expect(error.kind == .server)
            #expect(error.errorCode == 502)
        }
    }

    @Test func unknownChatIsABadRequestNotRetried() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        do {
            try await world.client().sendMessage(chatID: "999", text: "hello")
            Issue.record("expected chat not found")
        } catch let error as TelegramError {
            #expect(error.kind == .badRequest)
            #expect(error.message == "Bad Request: chat not found")
        }
        #expect(world.sleeper.durations.isEmpty)
    }

    @Test func migrationAnswerIsTypedWithTheNewChatID() {
        let body = #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}}"#
        guard case .failure(let error) = TelegramClient.decode(HTTPResponse(status: 400, headers: [], body: Array(body.utf8))) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .chatMigrated)
        #expect(error.migrateToChatID == -1_001_234)
        #expect(error.description.contains("update telegram.chat_id"))
    }

    @Test func conflictFromAnotherLongPollIsExplained() {
        let body = #"{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}"#
        guard case .failure(let error) = TelegramClient.decode(HTTPResponse(status: 409, headers: [], body: Array(body.utf8))) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .conflict)
        #expect(error.description.contains("only one may poll"))
    }
}
