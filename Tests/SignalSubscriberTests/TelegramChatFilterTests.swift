import APISimulators
import Foundation
import Notifiers
import Testing
import TestSupport
@testable import SignalSubscriber
import Transport

/// A publisher bot and a subscriber bot; chat A (-2002) is the one the mirror reads, B (-2005)
/// another group both bots are in, -1009 another channel, 77 a private chat with the subscriber.
private struct TwoChats {
    static let publisher = TelegramSimulator.Bot(id: 1, username: "pub_bot", token: "1:pub")
    static let subscriber = TelegramSimulator.Bot(id: 2, username: "sub_bot", token: "2:sub")
    let simulator = TelegramSimulator(
        bots: [TwoChats.publisher, TwoChats.subscriber],
        chats: [
            .init(id: -2002, kind: .supergroup, title: "A", username: "chat_a", botToBot: true),
            .init(id: -2005, kind: .supergroup, title: "B", botToBot: true),
            .init(id: -1009, kind: .channel, title: "Other channel"),
            .init(id: 77, kind: .private, members: [TwoChats.subscriber.id]),
        ])
    let server: SimulatorServer
    let inbox: Inbox
    let collected = Collected()

    init() async throws {
        server = try await simulator.start()
        inbox = try temporaryInbox()
    }

    func client(_ bot: TelegramSimulator.Bot) -> TelegramClient {
        TelegramClient(token: Secret(bot.token), baseURL: server.baseURL, limiter: nil)
    }

    func source(chatID: Int64) -> TelegramSignalSource {
        let collected = collected
        return TelegramSignalSource(client: client(TwoChats.subscriber), chatID: chatID, inbox: inbox, pollSeconds: 1) {
            collected.add($0)
        }
    }
}

@Suite("Telegram signal source: one chat only")
struct TelegramChatFilterTests {
    @Test func aSourceOnChatAIgnoresSignalsPostedInAnotherGroupAChannelAndAPrivateChat() async throws {
        let world = try await TwoChats()
        defer { Task { await world.server.stop() } }
        let source = world.source(chatID: -2002)
        let polling = Task { try await source.poll() }
        defer { polling.cancel() }
        let publisher = world.client(TwoChats.publisher)
        try await publisher.sendMessage(chatID: "-2005", text: "sig1.from-chat-b", html: false)
        world.simulator.post(text: "sig1.from-a-private-chat", in: 77)
        world.simulator.post(text: "sig1.from-another-channel", in: -1009)
        try await publisher.sendMessage(chatID: "-2002", text: "sig1.from-chat-a", html: false)
        // Updates arrive in order: once A's message is handed over, the three before it were seen.
        try await eventually("chat A's signal") { !world.collected.all.isEmpty }
        #expect(world.collected.all == ["sig1.from-chat-a"])
        #expect(source.ignoredUpdates == 3)
    }

    @Test func ignoredUpdatesAreConfirmedSoARestartDoesNotSeeThemAgain() async throws {
        let world = try await TwoChats()
        defer { Task { await world.server.stop() } }
        world.simulator.post(text: "sig1.private", in: 77)
        let first = world.source(chatID: -2002)
        let polling = Task { try await first.poll() }
        try await eventually("the private message to be dropped") { first.ignoredUpdates == 1 }
        polling.cancel()
        _ = await polling.result
        let second = world.source(chatID: -2002)
        let again = Task { try await second.poll() }
        defer { again.cancel() }
        try await world.client(TwoChats.publisher).sendMessage(chatID: "-2002", text: "sig1.a", html: false)
        try await eventually("chat A's signal") { world.collected.all == ["sig1.a"] }
        #expect(second.ignoredUpdates == 0)
    }

    @Test func aChatResolvedByUsernameIsTheOneRead() async throws {
        let world = try await TwoChats()
        defer { Task { await world.server.stop() } }
        let chat = try await world.client(TwoChats.subscriber).getChat("@chat_a")
        let source = world.source(chatID: chat.id)
        let polling = Task { try await source.poll() }
        defer { polling.cancel() }
        let publisher = world.client(TwoChats.publisher)
        try await publisher.sendMessage(chatID: "-2005", text: "sig1.b", html: false)
        try await publisher.sendMessage(chatID: "@chat_a", text: "sig1.a", html: false)
        try await eventually("chat A's signal") { !world.collected.all.isEmpty }
        #expect(world.collected.all == ["sig1.a"])
    }
}
