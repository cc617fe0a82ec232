import APISimulators
import Foundation
import Synchronization
import Testing
import TestSupport
import Trader
@testable import Notifiers
import Transport

/// A Slack simulator with a publisher bot, a subscriber app (bot and app-level tokens) and two channels.
struct SlackWorld {
    static let publisherToken = "xoxb-1-publisher"
    static let subscriberToken = "xoxb-2-subscriber"
    static let appToken = "xapp-1-subscriber"
    static let channel = "C0SIGNALS"

    let simulator = SlackSimulator(
        bots: [
            .init(token: SlackWorld.publisherToken, userID: "U0PUB", botID: "B0PUB"),
            .init(token: SlackWorld.subscriberToken, userID: "U0SUB", botID: "B0SUB"),
        ], appTokens: [SlackWorld.appToken], channels: [SlackWorld.channel, "C0OTHER"])
    let server: SimulatorServer
    let sleeper = RecordingSleeper()

    init() async throws {
        server = try await simulator.start()
    }

    func client(_ token: String = SlackWorld.publisherToken, maxAttempts: Int = 5) -> SlackClient {
        SlackClient(token: Secret(token), baseURL: "\(server.baseURL)/api", sleeper: sleeper, limiter: nil, maxAttempts: maxAttempts)
    }

    func feed() -> (SlackChannelFeed, SlackSocketMode) {
        let socket = SlackSocketMode(app: client(SlackWorld.appToken), sleeper: sleeper)
        return (SlackChannelFeed(web: client(SlackWorld.subscriberToken), socket: socket, channel: SlackWorld.channel), socket)
    }
}

@Suite("Slack Web API client against the simulator")
struct SlackClientTests {
    @Test func authTestNamesTheBotAndWrongTokensAreUnauthorized() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        let identity = try await world.client().authTest()
        #expect(identity.userID == "U0PUB" && identity.botID == "B0PUB" && identity.teamID == SlackSimulator.teamID)
        for token in ["xoxb-wrong", SlackWorld.appToken] {
            do {
                _ = try await world.client(token).authTest()
                Issue.record("expected unauthorized for \(token)")
            } catch let error as SlackError {
                #expect(error.kind == .unauthorized)
                #expect(error.description.contains("check slack.token"))
            }
        }
    }

    @Test func postMessageReturnsTheTsAndUnknownChannelsAreExplained() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        let ts = try await world.client().postMessage(channel: SlackWorld.channel, text: "sig1.abc <&>")
        #expect(world.simulator.messages(in: SlackWorld.channel).map(\.ts) == [ts])
        #expect(world.simulator.messages(in: SlackWorld.channel).first?.text == "sig1.abc <&>")
        do {
            try await world.client().postMessage(channel: "C0NOPE", text: "x")
            Issue.record("expected channel_not_found")
        } catch let error as SlackError {
            #expect(error.kind == .channel && error.error == "channel_not_found")
        }
        #expect(world.sleeper.durations.isEmpty)
    }

    @Test func rateLimitIsRetriedAfterRetryAfter() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.tooManyRequests(retryAfter: 9), .tooManyRequests(retryAfter: 2))
        try await world.client().postMessage(channel: SlackWorld.channel, text: "later")
        #expect(world.sleeper.durations == [.seconds(9), .seconds(2)])
        #expect(world.simulator.messages(in: SlackWorld.channel).count == 1)
    }

    @Test func serverErrorsAndDroppedConnectionsAreRetriedWithBackoff() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        world.simulator.faults.inject(.serverError(status: 503), .dropConnection, .serverError(status: 500))
        try await world.client().postMessage(channel: SlackWorld.channel, text: "through")
        #expect(world.sleeper.durations == [.seconds(1), .seconds(2), .seconds(4)])
        world.simulator.faults.inject(.serverError(status: 500), .serverError(status: 500))
        do {
            _ = try await world.client(maxAttempts: 2).authTest()
            Issue.record("expected a server error")
        } catch let error as SlackError {
            #expect(error.kind == .server)
        }
    }

    @Test func historyPagesWithCursorsAndCatchesUpInOrder() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        for index in 1...250 { world.simulator.post(text: "m\(index)", in: SlackWorld.channel) }
        let client = world.client(SlackWorld.subscriberToken)
        let first = try await client.history(channel: SlackWorld.channel, limit: 100)
        #expect(first.messages.count == 100 && first.hasMore && first.nextCursor != nil)
        #expect(first.messages.first?.text == "m250", "newest first")
        let all = try await client.messages(channel: SlackWorld.channel, after: nil)
        #expect(all.map(\.text) == (1...250).map { "m\($0)" })
        let after = try await client.messages(channel: SlackWorld.channel, after: all[239].ts)
        #expect(after.map(\.text) == (241...250).map { "m\($0)" }, "oldest is exclusive")
        await #expect(throws: SlackError.self) { try await client.history(channel: SlackWorld.channel, cursor: "bm9wZQ==") }
    }

    @Test func uploadTakesTheThreeStepsAndSharesIntoTheChannel() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        let png = try samplePNG()
        let file = try await world.client().uploadFile(channel: SlackWorld.channel, bytes: png, filename: "chart.png", title: "BTC/USD", comment: "sig1.xyz")
        #expect(file.title == "BTC/USD" && file.size == png.count)
        #expect(world.simulator.file(file.id) == png)
        let message = try #require(world.simulator.messages(in: SlackWorld.channel).last)
        #expect(message.text == "sig1.xyz" && message.fileIDs == [file.id])
        let read = try await world.client(SlackWorld.subscriberToken).messages(channel: SlackWorld.channel, after: nil)
        #expect(read.first?.files?.first?.id == file.id)
    }
}

@Suite("Slack Socket Mode: push, acks, reconnects and gap fill")
struct SlackSocketModeTests {
    final class Received: Sendable {
        let texts = Mutex<[String]>([])
        var all: [String] { texts.withLock { $0 } }
    }

    static func start(_ world: SlackWorld) -> (Task<Void, any Error>, Received, SlackSocketMode) {
        let (feed, socket) = world.feed()
        let received = Received()
        let task = Task { try await feed.run(after: nil) { message in received.texts.withLock { $0.append(message.text ?? "") } } }
        return (task, received, socket)
    }

    @Test func pushedMessagesArriveInOrderAndEveryEnvelopeIsAcknowledged() async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        let (task, received, _) = Self.start(world)
        defer { task.cancel() }
        try await eventually("the socket") { world.simulator.openSockets == 1 }
        world.simulator.post(text: "warm-up", in: SlackWorld.channel)
        try await eventually("warm-up") { received.all == ["warm-up"] }
        let publisher = world.client()
        for index in 1...20 { try await publisher.postMessage(channel: SlackWorld.channel, text: "s\(index)") }
        world.simulator.post(text: "elsewhere", in: "C0OTHER")
        try await eventually("20 signals") { received.all.count == 21 }
        #expect(received.all == ["warm-up"] + (1...20).map { "s\($0)" })
        try await eventually("acks") { world.simulator.acknowledgedEnvelopes.count == world.simulator.pushedEnvelopes.count }
        #expect(world.simulator.acknowledgedEnvelopes == world.simulator.pushedEnvelopes)
    }

    @Test(arguments: [true, false])
    func aLostSocketReconnectsAndHistoryFillsTheGap(politely: Bool) async throws {
        let world = try await SlackWorld()
        defer { Task { await world.server.stop() } }
        let (task, received, socket) = Self.start(world)
        defer { task.cancel() }
        try await eventually("the socket") { world.simulator.openSockets == 1 }
        world.simulator.post(text: "A", in: SlackWorld.channel)
        try await eventually("A") { received.all == ["A"] }

        world.simulator.pauseConnections()
        if politely { world.simulator.disconnectSockets(reason: "refresh_requested") } else { world.simulator.dropSockets() }
        try await eventually("the socket to close") { world.simulator.openSockets == 0 }
        world.simulator.post(text: "B", in: SlackWorld.channel)  // nobody is connected: only history has these
        world.simulator.post(text: "C", in: SlackWorld.channel)
        world.simulator.resumeConnections()
        try await eventually("the gap") { received.all.count == 3 }
        world.simulator.post(text: "D", in: SlackWorld.channel)
        try await eventually("D") { received.all.count == 4 }
        #expect(received.all == ["A", "B", "C", "D"], "nothing missed, nothing twice")
        #expect(socket.connectionCount == 2)
        // A polite disconnect reconnects at once; a lost socket backs off first.
        #expect(world.sleeper.durations == (politely ? [] : [.seconds(1)]))
    }
}
