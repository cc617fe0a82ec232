import APISimulators
import Testing
import Trader
@testable import Notifiers
import Transport

@Suite("Rate limiter (Telegram and Slack pacing, manual clock)")
struct RateLimiterTests {
    static func seconds(_ slots: [Duration]) -> [Double] {
        slots.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
    }

    @Test func oneChatGetsOneMessageASecond() async {
        let limiter = RateLimiter.telegram(clock: ManualPacingClock())
        var slots: [Duration] = []
        for _ in 0..<4 { slots.append(await limiter.reserve("42")) }
        #expect(Self.seconds(slots) == [0, 1, 2, 3])
    }

    @Test func aGroupGetsTwentyAMinute() async {
        let limiter = RateLimiter.telegram(clock: ManualPacingClock())
        var slots: [Duration] = []
        for _ in 0..<22 { slots.append(await limiter.reserve("-1001")) }
        #expect(Self.seconds(Array(slots.prefix(20))) == (0..<20).map(Double.init))
        #expect(Self.seconds(Array(slots.suffix(2))) == [60, 61], "the 21st waits for the first to leave the minute")
    }

    @Test func allChatsTogetherGetThirtyASecond() async {
        let limiter = RateLimiter.telegram(clock: ManualPacingClock())
        var slots: [Duration] = []
        for chat in 1...31 { slots.append(await limiter.reserve(String(chat))) }
        #expect(Self.seconds(Array(slots.prefix(30))).allSatisfy { $0 == 0 })
        #expect(Self.seconds([slots[30]]) == [1])
    }

    @Test func freedCapacityIsReusedAfterTimePasses() async {
        let clock = ManualPacingClock()
        let limiter = RateLimiter.slack(clock: clock)
        #expect(await limiter.reserve("C1") == .zero)
        clock.advance(by: .seconds(5))
        #expect(await limiter.reserve("C1") == .seconds(5), "an idle channel sends at once")
        #expect(await limiter.reserve("C2") == .seconds(5), "channels are independent")
        #expect(await limiter.reserve("C1") == .seconds(6))
    }

    @Test func acquireWaitsForTheClockNotForWallTime() async throws {
        let clock = ManualPacingClock()
        let limiter = RateLimiter.telegram(clock: clock)
        try await limiter.acquire("42")  // at once
        let second = Task { try await limiter.acquire("42") }
        while clock.waiting == 0 { await Task.yield() }
        clock.advance(by: .milliseconds(999))
        #expect(clock.waiting == 1, "still queued 1 ms before its slot")
        clock.advance(by: .milliseconds(1))
        try await second.value
        #expect(clock.waiting == 0)
    }

    @Test func telegramClientQueuesInsteadOfDropping() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let clock = ManualPacingClock()
        let client = world.client(limiter: .telegram(clock: clock))
        let burst = Task {
            for index in 1...3 { try await client.sendMessage(chatID: "42", text: "message \(index)") }
        }
        for sent in 1...3 {
            while world.simulator.messages.count < sent { await Task.yield() }
            #expect(world.simulator.messages.count == sent)
            while clock.waiting == 0 && sent < 3 { await Task.yield() }
            clock.advance(by: .seconds(1))
        }
        try await burst.value
        #expect(world.simulator.messages.map(\.text) == ["message 1", "message 2", "message 3"])
    }

    @Test func slackClientPacesPostsPerChannel() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        let clock = ManualPacingClock()
        let client = SlackClient(token: Secret(SlackWorld.publisherToken), baseURL: "\(world.server.baseURL)/api", sleeper: world.sleeper, limiter: .slack(clock: clock))
        try await client.postMessage(channel: SlackWorld.channel, text: "one")
        try await client.postMessage(channel: "C0OTHER", text: "other channel, not held back")
        let second = Task { try await client.postMessage(channel: SlackWorld.channel, text: "two") }
        while clock.waiting == 0 { await Task.yield() }
        #expect(world.simulator.messages(in: SlackWorld.channel).map(\.text) == ["one"])
        clock.advance(by: .seconds(1))
        _ = try await second.value
        #expect(world.simulator.messages(in: SlackWorld.channel).map(\.text) == ["one", "two"])
    }
}
