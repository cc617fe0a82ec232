import APISimulators
import Logging
import ServiceLifecycle
import Testing
import TestSupport
import Trader
@testable import Notifiers
import Transport

@Suite("Telegram log handler")
struct TelegramLogHandlerTests {
    @Test func recordsAtOrAboveTheLevelGoOutEscapedInOneBatch() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let sink = TelegramLogSink(client: world.client(), chatID: "42", sleeper: world.sleeper)
        let logger = Logger(label: "signet.live") { sink.handler(label: $0, level: .warning) }
        logger.info("not forwarded")
        logger.warning("spread <wide> & rising", metadata: ["symbol": "BTC/USD"])
        logger.error("order rejected")
        #expect(sink.queuedCount == 2)
        await sink.flush()
        #expect(world.simulator.messages.map(\.text) == [
            "<b>WARNING</b> signet.live: spread &lt;wide&gt; &amp; rising symbol=BTC/USD\n<b>ERROR</b> signet.live: order rejected"
        ])
    }

    @Test func aFullQueueDropsAndTheNextMessageSaysHowMany() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let sink = TelegramLogSink(client: world.client(), chatID: "42", capacity: 3, sleeper: world.sleeper)
        let logger = Logger(label: "x") { sink.handler(label: $0) }
        for index in 1...10 { logger.error("e\(index)") }
        #expect(sink.queuedCount == 3)
        #expect(sink.droppedCount == 7)
        await sink.flush()
        let text = try #require(world.simulator.messages.last?.text)
        #expect(text.contains("e1") && text.contains("e3") && !text.contains("e4"))
        #expect(text.hasSuffix("<i>7 log record(s) dropped: the queue was full</i>"))
        #expect(sink.droppedCount == 0)
    }

    @Test func runsAsAServiceAndSendsWhatIsQueuedOnShutdown() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let sink = TelegramLogSink(client: world.client(), chatID: "42", sleeper: world.sleeper)
        let logger = Logger(label: "svc") { sink.handler(label: $0) }
        let group = ServiceGroup(configuration: .init(services: [sink], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        logger.warning("first")
        try await eventually("the first batch") { world.simulator.messages.count == 1 }
        logger.warning("last words")
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(world.simulator.messages.map(\.text).joined().contains("last words"))
    }

    @Test func aRefusedBatchIsCountedNotThrownAtTheCaller() async throws {
        let world = try await TelegramWorld()
        defer { Task { await world.server.stop() } }
        let sink = TelegramLogSink(client: world.client(), chatID: "999", sleeper: world.sleeper)
        Logger(label: "x") { sink.handler(label: $0) }.error("nowhere to go")
        await sink.flush()
        #expect(sink.failedBatches == 1)
    }
}
