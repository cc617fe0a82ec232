import SignalWire
import Testing
import Trader
@testable import SignalSubscriber

@Suite("Target mirroring policy")
struct TargetMirrorTests {
    /// `weight` in millionths of equity.
    static func target(_ symbol: String, weight: Int64, price: String) -> TargetsSignal.Target {
        TargetsSignal.Target(symbol: symbol, quantity: .zero, weight: Weight(raw: weight * 100), price: Price(price)!)
    }

    static let markets: [String: TargetMirror.Market] = [
        "BTC/USD": .init(price: Price("50000")!, lot: Quantity("0.0001")!, minimum: Quantity("0.0001")!),
        "XBT/USD": .init(price: Price("50100")!, lot: Quantity("0.001")!, minimum: Quantity("0.002")!),
        "ETH/USD": .init(price: Price("2500")!, lot: Quantity("0.01")!, minimum: Quantity("0.01")!),
    ]

    static func plan(_ policy: MirrorSettings, _ targets: [TargetsSignal.Target], equity: String = "20000", age: Int64 = 0) -> TargetMirror.Plan {
        TargetMirror(policy: policy).plan(targets: targets, signalTime: 1_000_000, now: 1_000_000 + age, equity: Money(equity)!, markets: markets)
    }

    @Test func weightsScaleToOwnEquityAndRoundDownToTheLot() {
        // 50 % of 20 000 at 50 000 = 0.2 BTC; 25 % at 2 500 = 2 ETH; 0.1234567 rounds down.
        let plan = Self.plan(.init(), [Self.target("BTC/USD", weight: 500_000, price: "50000"), Self.target("ETH/USD", weight: 123_457, price: "2500")])
        #expect(plan.positions["BTC/USD"] == Quantity("0.2"))
        #expect(plan.positions["ETH/USD"] == Quantity("0.98"))  // 2469.14 / 2500 = 0.98765 → 0.98
        #expect(plan.skipped.isEmpty)
    }

    @Test(arguments: [
        (MirrorSettings(maxSignalAgeMilliseconds: 60_000), Int64(61_000), "stale"),
        (MirrorSettings(deny: ["BTC/USD"]), Int64(0), "in mirror.deny"),
        (MirrorSettings(allow: ["ETH/USD"]), Int64(0), "not in mirror.allow"),
        (MirrorSettings(maxPriceDeviation: 10), Int64(0), "bp from the publisher"),
        (MirrorSettings(symbolMap: ["BTC/USD": "DOGE/USD"]), Int64(0), "no market DOGE/USD"),
    ])
    func policyRefusalsSayWhy(policy: MirrorSettings, age: Int64, reason: String) {
        // BTC at 50 500 for the publisher is 99 bp from our 50 000.
        let plan = Self.plan(policy, [Self.target("BTC/USD", weight: 500_000, price: "50500")], age: age)
        #expect(plan.positions["BTC/USD"] == nil)
        #expect(plan.skipped["BTC/USD"]?.contains(reason) == true, "\(plan.skipped)")
    }

    @Test func symbolMapReverseAndCapsApplyInOrder() {
        let policy = MirrorSettings(symbolMap: ["BTC/USD": "XBT/USD"], maxPosition: ["XBT/USD": Quantity("0.15")!], reverse: true)
        let plan = Self.plan(policy, [Self.target("BTC/USD", weight: 500_000, price: "50000")])
        #expect(plan.positions == ["XBT/USD": Quantity("-0.15")!])
    }

    @Test func belowTheMinimumHoldsNothingAndTheSameSnapshotGivesTheSamePlan() {
        let tiny = [Self.target("BTC/USD", weight: 1, price: "50000"), Self.target("ETH/USD", weight: -250_000, price: "2500")]
        let first = Self.plan(.init(), tiny), second = Self.plan(.init(), tiny)
        #expect(first.positions["BTC/USD"] == .zero)
        #expect(first.positions["ETH/USD"] == Quantity("-2"))
        #expect(first == second)
    }
}
