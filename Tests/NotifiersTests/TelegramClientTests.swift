import APISimulators
import Foundation
import Testing
import Trader
@testable import Notifiers
import Transport

@Suite("Telegram client against the simulator")
struct TelegramClientTests {
    @Test func getMeChecksTheToken() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let me = try await world.client().getMe()
        #expect(me.id == 123_456 && me.username == "signet_test_bot" && me.isBot == true)
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
}

@Suite("Telegram media, files and migration")
struct TelegramMediaTests {
    @Test func sendPhotoUploadsAChartAsMultipartAndTelegramReadsItsSize() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let png = try samplePNG(width: 320, height: 200)
        let sent = try await world.client().sendPhoto(chatID: "-1001", image: png, caption: "<b>BUY</b> TEST/USD")
        #expect(sent.count == 1)
        let message = try #require(world.simulator.messages.last)
        #expect(message.content == .photo)
        #expect(message.text == "<b>BUY</b> TEST/USD")
        #expect(world.simulator.file(try #require(message.fileID)) == png, "the photo must arrive byte for byte")
    }

    @Test(arguments: [
        [UInt8]("not an image at all".utf8),
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0],  // PNG signature, no header
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 0],  // JPEG start, no end
    ])
    func sendPhotoWithSomethingElseIsRefusedAsImageProcessFailed(bytes: [UInt8]) async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        do {
            try await world.client().sendPhoto(chatID: "-1001", image: bytes)
            Issue.record("expected IMAGE_PROCESS_FAILED")
        } catch let error as TelegramError {
            #expect(error.kind == .badRequest)
            #expect(error.message == "Bad Request: IMAGE_PROCESS_FAILED")
        }
        #expect(world.simulator.messages.isEmpty)
    }

    @Test func captionOverTheLimitFollowsThePhotoAsItsOwnMessage() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let caption = String(repeating: "position report line\n", count: 60)  // 1260 characters
        let sent = try await world.client().sendPhoto(chatID: "42", image: try samplePNG(), caption: caption)
        #expect(sent.map(\.messageID) == [1, 2])
        let messages = world.simulator.messages
        #expect(messages.map(\.content) == [.photo, .text])
        #expect(messages[0].text.isEmpty)
        #expect(messages[1].text == caption)
    }

    @Test func aDocumentGoesUpAndComesBackThroughGetFile() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let sealed = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await world.client().sendDocument(chatID: "-2002", bytes: sealed, filename: "chart.sealed", caption: "sig1 attachment")
        // The subscriber bot sees it (bot-to-bot group) and downloads it.
        let updates = try await world.subscriberClient.getUpdates(timeout: 0)
        let document = try #require(updates.first?.post?.document)
        #expect(document.fileName == "chart.sealed")
        #expect(updates.first?.post?.caption == "sig1 attachment")
        let file = try await world.subscriberClient.getFile(fileID: document.fileID)
        #expect(file.fileSize == 5000)
        #expect(try await world.subscriberClient.download(fileID: document.fileID) == sealed)
    }

    @Test func groupThatBecameASupergroupIsFollowedAndRemembered() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let client = world.client()
        let first = try await client.sendMessage(chatID: "-3003", text: "one")
        let second = try await client.sendMessage(chatID: "-3003", text: "two")
        #expect(first.first?.chatID == -1_003_003)
        #expect(second.first?.chatID == -1_003_003)
        #expect(client.migratedChats == ["-3003": "-1003003"])
        #expect(world.simulator.messages.map(\.chatID) == [-1_003_003, -1_003_003])
        #expect(world.sleeper.durations.isEmpty)
    }

    @Test func droppedConnectionIsRetriedWithBackoff() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.dropConnection, .dropConnection)
        try await world.client().sendMessage(chatID: "42", text: "through")
        #expect(world.sleeper.durations == [.seconds(1), .seconds(2)])
        #expect(world.simulator.messages.map(\.text) == ["through"])
    }
}

@Suite("Telegram updates: long polling and who receives what")
struct TelegramUpdatesTests {
    @Test func aBotsChannelPostsReachNoOtherBotButAPersonsPostDoes() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        try await world.client().sendMessage(chatID: "-1001", text: "from the publisher bot")
        #expect(try await world.subscriberClient.getUpdates(timeout: 0).isEmpty)
        world.simulator.post(text: "from the channel's owner", in: -1001)
        let updates = try await world.subscriberClient.getUpdates(timeout: 0)
        #expect(updates.map(\.channelPost?.text) == ["from the channel's owner"])
        #expect(updates.first?.message == nil)
        #expect(updates.first?.channelPost?.senderChat?.id == -1001)
    }

    @Test(arguments: [(Int64(-2002), true), (Int64(-2003), false)])
    func groupsDeliverBotPostsOnlyWithBotToBotCommunication(chat: Int64, delivered: Bool) async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        try await world.client().sendMessage(chatID: String(chat), text: "signal")
        let updates = try await world.subscriberClient.getUpdates(timeout: 0)
        #expect(updates.map(\.message?.text) == (delivered ? ["signal"] : []))
        #expect(try await world.client().getUpdates(timeout: 0).isEmpty, "a bot never receives its own posts")
    }

    @Test func aForwardIntoThePrivateChatReachesTheSubscribersBot() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        try await world.client().sendMessage(chatID: "-1001", text: "sig1.sealed")
        let original = try #require(world.simulator.messages.last)
        world.simulator.forward(original, to: 42)
        let updates = try await world.subscriberClient.getUpdates(timeout: 0)
        #expect(updates.map(\.message?.text) == ["sig1.sealed"])
        #expect(updates.first?.message?.from?.isBot == false)
    }

    @Test func longPollWakesOnANewPostAndOffsetConfirms() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let subscriber = world.subscriberClient
        // A 50 s poll that only a wake-up can end with an update inside the test.
        let poll = Task { try await subscriber.getUpdates(timeout: 50) }
        while world.simulator.faults.requests == 0 { await Task.yield() }
        try await world.client().sendMessage(chatID: "-2002", text: "wake up")
        let updates = try await poll.value
        #expect(updates.map(\.post?.text) == ["wake up"])
        let last = try #require(updates.last?.updateID)
        #expect(try await subscriber.getUpdates(offset: last, timeout: 0).count == 1, "not yet confirmed")
        #expect(try await subscriber.getUpdates(offset: last + 1, timeout: 0).isEmpty, "offset confirms")
    }

    @Test func allowedUpdatesFiltersKinds() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.post(text: "channel", in: -1001)
        world.simulator.post(text: "group", in: -2003)
        let onlyChannel = try await world.subscriberClient.getUpdates(timeout: 0, allowedUpdates: ["channel_post"])
        #expect(onlyChannel.map(\.post?.text) == ["channel"])
        let both = try await world.subscriberClient.getUpdates(timeout: 0)
        #expect(both.map(\.post?.text) == ["channel", "group"])
    }

    @Test func aSecondPollerTerminatesTheFirstWith409() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let first = Task { try await world.subscriberClient.getUpdates(timeout: 50) }
        while world.simulator.faults.requests == 0 { await Task.yield() }
        _ = try await world.client(token: TelegramWorld.subscriberToken).getUpdates(timeout: 0)
        do {
            _ = try await first.value
            Issue.record("expected 409")
        } catch let error as TelegramError {
            #expect(error.kind == .conflict)
            #expect(error.errorCode == 409)
            #expect(error.description.contains("only one may poll"))
        }
    }
}
