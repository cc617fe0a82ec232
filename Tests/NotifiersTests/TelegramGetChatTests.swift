import APISimulators
import Foundation
import Testing
import Trader
@testable import Notifiers
import Transport

@Suite("Telegram getChat: a chat_id resolved as the Bot API does")
struct TelegramGetChatTests {
    @Test func getChatByNumericIDAnswersTheChat() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let chat = try await world.client().getChat("-1001")
        #expect(chat == .init(id: -1001, type: "channel", title: "Signals", username: "signet_signals"))
        let group = try await world.client().getChat("-2002")
        #expect(group.id == -2002 && group.type == "supergroup" && group.username == nil)
    }

    @Test func getChatByUsernameResolvesToTheNumericID() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        #expect(try await world.client().getChat("@signet_signals").id == -1001)
        #expect(try await world.subscriberClient.getChat("@Signet_Signals").id == -1001, "usernames are case-insensitive")
    }

    @Test func anUnknownChatIsNotFoundWithAHintAndNotRetried() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        for name in ["@no_such_channel", "999", "no_at_sign"] {
            do {
                _ = try await world.client().getChat(name)
                Issue.record("expected chat not found for \(name)")
            } catch let error as TelegramError {
                #expect(error.kind == .badRequest && error.errorCode == 400)
                #expect(error.message == "Bad Request: chat not found")
                #expect(error.description.contains("check telegram.chat_id"))
                #expect(error.description.contains("the bot is a member"))
            }
        }
        #expect(world.sleeper.durations.isEmpty, "a bad request must not be retried")
    }

    @Test func aBotCannotGetAChatItIsNotIn() async throws {
        let outsider = TelegramSimulator.Bot(id: 9, username: "outsider_bot", token: "9:out")
        let simulator = TelegramSimulator(
            bots: [TelegramWorld.subscriber, outsider],
            chats: [.init(id: -1005, kind: .channel, username: "members_only", members: [TelegramWorld.subscriber.id])])
        let server = try await simulator.start()
        defer { Task { await server.stop() } }
        let member = TelegramClient(token: Secret(TelegramWorld.subscriberToken), baseURL: server.baseURL, limiter: nil)
        #expect(try await member.getChat("@members_only").id == -1005)
        let other = TelegramClient(token: Secret("9:out"), baseURL: server.baseURL, limiter: nil)
        for name in ["@members_only", "-1005"] {
            await #expect(throws: TelegramError.self) { try await other.getChat(name) }
        }
    }

    @Test func aGroupThatBecameASupergroupPointsToItsNewID() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        do {
            _ = try await world.client().getChat("-3003")
            Issue.record("expected a migration")
        } catch let error as TelegramError {
            #expect(error.kind == .chatMigrated && error.migrateToChatID == -1_003_003)
        }
    }

    @Test func aPrivateChatHasNoTitleButIsFound() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let chat = try await world.subscriberClient.getChat("42")
        #expect(chat.id == 42 && chat.type == "private" && chat.title == nil)
    }
}
