import Testing
import Trader
@testable import SignalSubscriber

@Suite("Orders-mode mirroring policy")
struct OrderMirrorTests {
    static let markets: [String: OrderMirror.Market] = [
        "BTC/USD": .init(price: Price("50000")!, tick: Price("0.1")!, lot: Quantity("0.001")!, minimum: Quantity("0.002")!, position: Quantity("0.3")!),
        "ETH/USD": .init(price: Price("2500")!, tick: Price("0.01")!, lot: Quantity("0.01")!, minimum: Quantity("0.01")!, position: .zero),
    ]

    static func order(
        _ symbol: String = "BTC/USD", _ side: Side = .buy, _ quantity: String = "0.4", type: String = "market", limit: String? = nil, price: String = "50000",
        sealedAt: Int64 = 1_000_000
    ) -> MirrorBoard.OrderSignal {
        .init(
            symbol: symbol, side: side, quantity: Quantity(quantity)!, type: type, limit: limit.flatMap { Price($0) }, price: Price(price)!, sealedAt: sealedAt,
            id: .init(publisher: "p", channel: "c", sequence: 1), publisherEquity: Money("40000")!)
    }

    static func decide(_ policy: MirrorSettings, _ order: MirrorBoard.OrderSignal = order(), now: Int64 = 1_000_000) -> OrderMirror.Decision {
        OrderMirror(policy: policy).decide(order, now: now, equity: Money("10000")!, markets: markets)
    }

    @Test(arguments: [
        (MirrorSettings(mode: .orders), OrderMirror.Decision.place(symbol: "BTC/USD", side: .buy, quantity: Quantity("0.4")!, type: .market)),
        (.init(mode: .orders, multiplier: "0.5"), .place(symbol: "BTC/USD", side: .buy, quantity: Quantity("0.2")!, type: .market)),
        // 10 000 / 40 000 of 0.4
        (.init(mode: .orders, multiplier: "equity"), .place(symbol: "BTC/USD", side: .buy, quantity: Quantity("0.1")!, type: .market)),
        (.init(mode: .orders, reverse: true), .place(symbol: "BTC/USD", side: .sell, quantity: Quantity("0.4")!, type: .market)),
        // 7 000 / 50 000 = 0.14
        (.init(mode: .orders, maxNotional: Money("7000")!), .place(symbol: "BTC/USD", side: .buy, quantity: Quantity("0.14")!, type: .market)),
        // position 0.3, cap 0.5: room for 0.2
        (.init(mode: .orders, maxPosition: ["BTC/USD": Quantity("0.5")!]), .place(symbol: "BTC/USD", side: .buy, quantity: Quantity("0.2")!, type: .market)),
    ])
    func ordersAreScaledAndCappedAsThePolicySays(policy: MirrorSettings, expected: OrderMirror.Decision) {
        #expect(Self.decide(policy) == expected)
    }

    @Test(arguments: [
        (MirrorSettings(mode: .orders, maxSignalAgeMilliseconds: 60_000), "stale"),
        (.init(mode: .orders, allow: ["ETH/USD"]), "not in mirror.allow"),
        (.init(mode: .orders, deny: ["BTC/USD"]), "in mirror.deny"),
        (.init(mode: .orders, maxPosition: ["BTC/USD": Quantity("0.3")!]), "max_position"),
        (.init(mode: .orders, multiplier: "0.001"), "below the minimum"),
        (.init(mode: .orders, maxPriceDeviation: 10), "bp from the publisher's"),
    ])
    func ordersOutsideThePolicyAreSkippedWithTheReason(policy: MirrorSettings, reason: String) {
        let order = Self.order(price: policy.maxPriceDeviation != nil ? "49000" : "50000", sealedAt: 1_000_000)
        // 61 s after sealing for the age check; 1 s for the others, well within the default 60 s.
        guard case .skip(let text) = Self.decide(policy, order, now: 1_000_000 + (reason == "stale" ? 61_000 : 1_000)) else {
            Issue.record("expected a skip for \(reason)")
            return
        }
        #expect(text.contains(reason))
    }

    @Test func limitPricesAreRoundedToTheOwnTickOnTheSideThatNeverPaysMore() {
        let buy = Self.decide(.init(mode: .orders), Self.order(type: "limit", limit: "49999.99"))
        #expect(buy == .place(symbol: "BTC/USD", side: .buy, quantity: Quantity("0.4")!, type: .limit(Price("49999.9")!)))
        let sell = Self.decide(.init(mode: .orders), Self.order("BTC/USD", .sell, type: "limit", limit: "49999.91"))
        #expect(sell == .place(symbol: "BTC/USD", side: .sell, quantity: Quantity("0.4")!, type: .limit(Price("50000.0")!)))
    }

    @Test func anUnknownSymbolAsksForASymbolMapEntry() {
        guard case .skip(let text) = Self.decide(.init(mode: .orders), Self.order("SOL/USD")) else {
            Issue.record("expected a skip")
            return
        }
        #expect(text.contains("symbol_map"))
    }
}

@Suite("Fresh signals only")
struct SignalFreshnessTests {
    @Test(arguments: [("60", Int64(60_000)), ("0.5", Int64(500)), ("0", nil), ("0.0001", Int64(1))])
    func maxSignalAgeIsSecondsAndZeroTurnsItOff(text: String, milliseconds: Int64?) throws {
        let section = try SettingsSection.parse("max_signal_age: \(text)\n", file: "s.yml", allowed: MirrorSettings.keys)
        #expect(try MirrorSettings(section: section).maxSignalAgeMilliseconds == milliseconds)
    }

    @Test func anOrderSealedTwoHoursAgoIsRefusedByDefault() {
        let order = OrderMirrorTests.order(price: "50000", sealedAt: 1_000_000)
        guard case .skip(let reason) = OrderMirrorTests.decide(MirrorSettings(mode: .orders), order, now: 1_000_000 + 7_200_000) else {
            Issue.record("a two-hour-old order was copied")
            return
        }
        #expect(reason.hasPrefix("stale (7200 s old, max_signal_age 60 s)"))
    }
}
