import APISimulators
import Foundation
import Notifiers
import Synchronization
import Testing
import TestSupport
import Trader
@testable import SignalSubscriber
import Transport

final class Collected: Sendable {
    let texts = Mutex<[String]>([])
    var all: [String] { texts.withLock { $0 } }
    func add(_ text: String) { texts.withLock { $0.append(text) } }
}


func temporaryInbox() throws -> Inbox {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signet-source-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try Inbox(path: directory.appendingPathComponent("inbox.sqlite").path)
}

@Suite("Signal sources: Telegram and Slack, resumed from the inbox's cursors")
struct SignalSourceTests {
    @Test func telegramDeliversWhatReachesTheBotAndARestartDoesNotReplay() async throws {
        let publisher = TelegramSimulator.Bot(id: 1, username: "pub_bot", token: "1:pub"), subscriber = TelegramSimulator.Bot(id: 2, username: "sub_bot", token: "2:sub")
        let simulator = TelegramSimulator(
            bots: [publisher, subscriber], chats: [.init(id: -2002, kind: .supergroup, botToBot: true), .init(id: -1001, kind: .channel)])
        let server = try await simulator.start()
        defer { Task { await server.stop() } }
        let post = TelegramClient(token: Secret("1:pub"), baseURL: server.baseURL, limiter: nil)
        let read = TelegramClient(token: Secret("2:sub"), baseURL: server.baseURL, limiter: nil)
        let inbox = try temporaryInbox()
        let collected = Collected()
        func source() -> Task<Void, any Error> {
            Task { try await TelegramSignalSource(client: read, chatID: -2002, inbox: inbox, pollSeconds: 1) { collected.add($0) }.poll() }
        }
        let first = source()
        for index in 1...3 { try await post.sendMessage(chatID: "-2002", text: "sig1.\(index)", html: false) }
        try await post.sendMessage(chatID: "-1001", text: "sig1.channel", html: false)  // a channel: never reaches the bot
        try await eventually("three signals") { collected.all.count == 3 }
        first.cancel()
        _ = await first.result
        try await post.sendMessage(chatID: "-2002", text: "sig1.4", html: false)
        let second = source()
        try await eventually("the fourth") { collected.all.count == 4 }
        second.cancel()
        #expect(collected.all == ["sig1.1", "sig1.2", "sig1.3", "sig1.4"])
    }

    @Test func slackFillsWhatWasPostedWhileTheSubscriberWasDown() async throws {
        let simulator = SlackSimulator(
            bots: [.init(token: "xoxb-pub", userID: "U1", botID: "B1"), .init(token: "xoxb-sub", userID: "U2", botID: "B2")], appTokens: ["xapp-sub"],
            channels: ["C1"])
        let server = try await simulator.start()
        defer { Task { await server.stop() } }
        let base = "\(server.baseURL)/api"
        let post = SlackClient(token: Secret("xoxb-pub"), baseURL: base, limiter: nil)
        let inbox = try temporaryInbox()
        let collected = Collected()
        func source() -> Task<Void, any Error> {
            let socket = SlackSocketMode(app: SlackClient(token: Secret("xapp-sub"), baseURL: base, limiter: nil))
            let feed = SlackChannelFeed(web: SlackClient(token: Secret("xoxb-sub"), baseURL: base, limiter: nil), socket: socket, channel: "C1")
            return Task { try await SlackSignalSource(feed: feed, channel: "C1", inbox: inbox) { collected.add($0) }.run() }
        }
        let first = source()
        try await eventually("the socket") { simulator.openSockets == 1 }
        try await post.postMessage(channel: "C1", text: "sig1.a")
        try await eventually("a") { collected.all == ["sig1.a"] }
        first.cancel()
        _ = await first.result
        try await eventually("the socket to close") { simulator.openSockets == 0 }
        try await post.postMessage(channel: "C1", text: "sig1.b")  // while down
        try await post.postMessage(channel: "C1", text: "sig1.c")
        let second = source()
        try await eventually("the gap") { collected.all.count == 3 }
        try await post.postMessage(channel: "C1", text: "sig1.d")
        try await eventually("d") { collected.all.count == 4 }
        second.cancel()
        #expect(collected.all == ["sig1.a", "sig1.b", "sig1.c", "sig1.d"])
    }
}
