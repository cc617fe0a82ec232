import APISimulators
import Foundation
import Notifiers
import Trader
import Transport

/// A Telegram simulator with a publisher bot and a subscriber bot, and clients for them.
///
/// Chats: -1001 a channel, @signet_signals; 42 a private chat with the subscriber's bot; -2002 a supergroup with
/// bot-to-bot communication on; -2003 a plain group; -3003 a group that became supergroup -1003003.
struct TelegramWorld {
    static let token = "123456:TEST-token"
    static let subscriberToken = "654321:SUB-token"
    static let publisher = TelegramSimulator.Bot(id: 123_456, username: "signet_test_bot", token: token)
    static let subscriber = TelegramSimulator.Bot(id: 654_321, username: "signet_sub_bot", token: subscriberToken)

    let simulator = TelegramSimulator(
        bots: [TelegramWorld.publisher, TelegramWorld.subscriber],
        chats: [
            .init(id: -1001, kind: .channel, title: "Signals", username: "signet_signals"),
            .init(id: 42, kind: .private, members: [TelegramWorld.subscriber.id, TelegramWorld.publisher.id]),
            .init(id: -2002, kind: .supergroup, title: "Bots", botToBot: true),
            .init(id: -2003, kind: .group, title: "People"),
            .init(id: -3003, kind: .group, migratedTo: -1_003_003),
            .init(id: -1_003_003, kind: .supergroup, title: "Upgraded"),
        ])
    let server: SimulatorServer
    let sleeper = RecordingSleeper()

    init() async throws {
        server = try await simulator.start()
    }

    /// A client without pacing (pacing has its own tests with a manual clock).
    func client(token: String = TelegramWorld.token, maxAttempts: Int = 5, limiter: RateLimiter? = nil) -> TelegramClient {
        TelegramClient(token: Secret(token), baseURL: server.baseURL, sleeper: sleeper, limiter: limiter, maxAttempts: maxAttempts)
    }

    var subscriberClient: TelegramClient { client(token: TelegramWorld.subscriberToken) }
}

/// A small real chart PNG.
func samplePNG(width: Int = 320, height: Int = 200) throws -> [UInt8] {
    var bars: [Bar] = []
    var price = 100.0
    for index in 0..<40 {
        let next = price * (index % 3 == 0 ? 0.99 : 1.012)
        bars.append(Bar(
            instrument: 0, time: 1_700_000_000_000 + Int64(index) * 3_600_000, open: Price("\(price.rounded())")!,
            high: Price("\(max(price, next).rounded() + 1)")!, low: Price("\(min(price, next).rounded() - 1)")!, close: Price("\(next.rounded())")!,
            volume: Quantity("\(10 + index)")!))
        price = next
    }
    return try ChartRenderer(width: width, height: height).render(ChartData(symbol: "TEST/USD", bars: bars))
}
