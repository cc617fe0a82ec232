import APISimulators
import Foundation
import Notifiers
import ServiceLifecycle
import SignetCrypto
import Testing
import TestSupport
import Trader
@testable import SignalPublisher
import Transport

@Suite("Outbox delivery through the simulators, with faults")
struct OutboxDeliveryTests {
    @Test func rateLimitsServerErrorsAndDroppedConnectionsLoseNothingAndKeepOrder() async throws {
        let desk = try Desk()
        let slack = SlackSimulator(bots: [.init(token: "xoxb-pub", userID: "U1", botID: "B1")], appTokens: [], channels: ["C1"])
        let telegram = TelegramSimulator(bots: [.init(id: 1, username: "pub_bot", token: "1:pub")], chats: [-100])
        let slackServer = try await slack.start(), telegramServer = try await telegram.start()
        defer { Task { await slackServer.stop(); await telegramServer.stop() } }
        // More failures in a row than a client retries on its own: the outbox takes over.
        slack.faults.inject(
            .tooManyRequests(retryAfter: 1), .serverError(status: 500), .dropConnection, .serverError(status: 503), .tooManyRequests(retryAfter: 2),
            .serverError(status: 502))
        telegram.faults.inject(.serverError(status: 502), .tooManyRequests(retryAfter: 3), .dropConnection)
        let sleeper = RecordingSleeper()
        let outputs: [any SignalOutput] = [
            SlackSignalOutput(
                client: SlackClient(token: Secret("xoxb-pub"), baseURL: "\(slackServer.baseURL)/api", sleeper: sleeper, limiter: nil, maxAttempts: 2), channel: "C1"),
            TelegramSignalOutput(
                client: TelegramClient(token: Secret("1:pub"), baseURL: telegramServer.baseURL, sleeper: sleeper, limiter: nil, maxAttempts: 2), chatID: "-100"),
        ]
        let outbox = try Outbox(path: desk.path)
        let clock = ManualPacingClock()
        let sender = OutboxSender(outbox: outbox, outputs: outputs, clock: clock, epoch: 0)
        let group = ServiceGroup(configuration: .init(services: [sender], logger: .init(label: "test")))
        let running = Task { try await group.run() }
        let entries = try (1...20).map { try desk.append(outbox, heartbeat(Int64($0))) }
        sender.notify()
        // Outbox retries wait on the manual clock: move it on, a second at a check, until everything
        // is through. A failure to get there is recorded, and the service group still shut down.
        do {
            try await eventually("nothing pending for Slack or Telegram", within: .seconds(30)) {
                guard try outbox.pendingCount(output: "slack") + outbox.pendingCount(output: "telegram") > 0 else { return true }
                clock.advance(by: .seconds(1))
                return false
            }
        } catch {
            Issue.record(error)
        }
        #expect(try outbox.pendingCount(output: "slack") == 0 && outbox.pendingCount(output: "telegram") == 0)
        let sealed = entries.map(\.sealed)
        let slackTexts = slack.messages(in: "C1").map(\.text)
        let telegramTexts = telegram.messages.map(\.text)
        // A dropped connection may have been processed before it broke: a resend then posts
        // twice. Subscribers de-duplicate by sequence; what matters is none missing, none out of order.
        for texts in [slackTexts, telegramTexts] {
            var deduplicated: [String] = []
            for text in texts where deduplicated.last != text { deduplicated.append(text) }
            #expect(deduplicated == sealed)
        }
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
