import APISimulators
import Foundation
import Testing
import Trader
@testable import Transport

@Suite("HTTP on libcurl")
struct HTTPClientTests {
    @Test func postsJSONAndReadsStatusHeadersAndBody() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let response = try await HTTPClient().send(HTTPRequest(
            method: .post, url: "\(world.server.baseURL)/bot\(TelegramWorld.token)/getMe", headers: [("Content-Type", "application/json")], body: Array("{}".utf8)))
        #expect(response.status == 200)
        #expect(response.header("content-type")?.hasPrefix("application/json") == true)
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

    @Test func droppedConnectionIsAConnectionErrorAndTransient() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.dropConnection)
        do {
            _ = try await HTTPClient().send(HTTPRequest(method: .post, url: "\(world.server.baseURL)/bot\(TelegramWorld.token)/getMe"))
            Issue.record("expected the connection to break")
        } catch let error as HTTPError {
            #expect(error.code == .connection)
            #expect(error.isTransient)
        }
    }

    @Test func multipartFormCarriesFieldsAndFilesThatTheServerParses() async throws {
        var form = MultipartForm(boundary: "XyZ")
        form.add("chat_id", "-1001")
        form.add("caption", "line \"one\"\r\ntwo")
        form.add("document", file: .init(filename: "a.bin", contentType: "application/octet-stream", bytes: [0, 13, 10, 45, 45, 255]))
        let text = String(decoding: form.body, as: UTF8.self)
        #expect(form.contentType == "multipart/form-data; boundary=XyZ")
        #expect(text.hasPrefix("--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n-1001\r\n"))
        #expect(text.hasSuffix("\r\n--XyZ--\r\n"))
        #expect(text.contains("filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"))
        #expect(MultipartForm().boundary != MultipartForm().boundary, "boundaries must be random")
    }
}

/// A Telegram simulator to talk HTTP to: any endpoint with real status codes, headers and faults.
struct TelegramWorld {
    static let token = "123456:TEST-token"

    let simulator = TelegramSimulator(
        bots: [TelegramSimulator.Bot(id: 123_456, username: "signet_test_bot", token: TelegramWorld.token)], chats: [Int64]())
    let server: SimulatorServer

    init() async throws {
        server = try await simulator.start()
    }
}
