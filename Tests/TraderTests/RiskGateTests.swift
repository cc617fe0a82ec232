import Testing
@testable import Trader

@Suite("Risk gate: every order checked against the owner's limits")
struct RiskGateTests {
    static let instruments = [btc()]
    static let marks = [p("100")]

    static func gate(_ configure: (inout RiskLimits) -> Void) -> RiskGate {
        var limits = RiskLimits()
        configure(&limits)
        return RiskGate(limits: limits, instruments: instruments)
    }

    static func book(cash: String = "10000", position: String? = nil) -> Portfolio {
        var book = Portfolio(accountCurrency: "USD", cash: m(cash), instruments: 1)
        if let position {
            let side: Side = position.hasPrefix("-") ? .sell : .buy
            let size = q(String(position.drop { $0 == "-" }))
            _ = book.apply(Fill(orderID: "held", instrument: 0, side: side, quantity: size, price: p("100"), fee: .zero, time: 0), quote: "USD")
        }
        return book
    }

    static func check(_ gate: RiskGate, _ order: Order, book: Portfolio = book(), marks: [Price] = marks) -> RiskGate.Decision {
        gate.check(order, book: book, marks: marks, time: 1_764_500_000_000)
    }

    // MARK: order notional

    @Test(arguments: [
        // A market order is valued at the mark: 30 × 100 = 3000 > 1000, trimmed to 10.
        (order("a", .buy, "30"), "10"),
        // A limit far below the market is valued at the mark too, not at its own tiny price.
        (order("b", .sell, "30", .limit(p("0.00000001"))), "10"),
        // A limit above the mark is valued at its own price: 1000 / 200 = 5.
        (order("c", .buy, "30", .limit(p("200"))), "5"),
    ])
    func anOrderIsNeverWorthMoreThanMaxOrderNotionalWhateverItsPrice(order: Order, allowed: String) {
        let gate = Self.gate { $0.maxOrderNotional = m("1000") }
        guard case .trimmed(let trimmed, let message) = Self.check(gate, order) else {
            Issue.record("not trimmed")
            return
        }
        #expect(trimmed.quantity == q(allowed))
        #expect(message.contains("max_order_notional"))
    }

    @Test func refuseInsteadOfTrimWhenTheOwnerSaysSo() {
        let gate = Self.gate {
            $0.maxOrderNotional = m("1000")
            $0.orderNotionalBreach = .refuse
        }
        #expect(Self.check(gate, order("a", .buy, "30")) == .refused("risk.max_order_notional: 30 at 100.00 is more than risk.max_order_notional 1000.00"))
        #expect(gate.counts["refused: max_order_notional"] == 1)
    }

    // MARK: position, counting working orders and the same step

    @Test func aBurstOfOrdersCannotAddUpPastMaxPosition() {
        let gate = Self.gate { $0.maxPosition = ["BTC/USD": q("1")] }
        var passed: [Quantity] = []
        for index in 0..<3 {
            switch Self.check(gate, order("o\(index)", .buy, "0.6")) {
            case .pass(let order), .trimmed(let order, _):
                gate.submitted(order)
                passed.append(order.quantity)
            case .refused:
                break
            }
        }
        #expect(passed == [q("0.6"), q("0.4")])
        // The working orders filled: the position itself now holds the cap.
        gate.observe(.filled(Fill(orderID: "o0", instrument: 0, side: .buy, quantity: q("0.6"), price: p("100"), fee: .zero, time: 0)))
        #expect(Self.check(gate, order("o9", .buy, "0.1"), book: Self.book(position: "0.6")).isRefused)
        // Selling down is always allowed, and a short is capped the same way.
        #expect(Self.check(gate, order("s1", .sell, "2"), book: Self.book(position: "0.6")) != .refused(""))
        gate.observe(.cancelled(order("o1", .buy, "0.4"), "test"))
        guard case .trimmed(let short, _) = Self.check(gate, order("s2", .sell, "3"), book: Self.book(position: "0.6")) else {
            Issue.record("short not capped")
            return
        }
        #expect(short.quantity == q("1.6"))
    }

    // MARK: leverage

    @Test func grossExposureStaysWithinMaxLeverageOfEquity() {
        let gate = Self.gate { $0.maxLeverage = Weight("1") }
        guard case .trimmed(let trimmed, let message) = Self.check(gate, order("a", .buy, "150")) else {
            Issue.record("not trimmed")
            return
        }
        #expect(trimmed.quantity == q("100"))
        #expect(message.contains("max_leverage"))
        // No equity, no order.
        #expect(Self.check(gate, order("b", .buy, "1"), book: Self.book(cash: "0")).isRefused)
    }

    // MARK: prices and symbols

    @Test(arguments: [("101", false), ("99.6", false), ("101.5", true), ("0.01", true)])
    func limitPricesOutsideTheBandAroundTheMarkAreRefused(price: String, refused: Bool) {
        let gate = Self.gate { $0.priceBandBasisPoints = 100 }
        #expect(Self.check(gate, order("a", .buy, "1", .limit(p(price)))).isRefused == refused)
    }

    @Test func withoutAMarkNoLimitPriceCanBeChecked() {
        let gate = Self.gate { $0.priceBandBasisPoints = 100 }
        #expect(Self.check(gate, order("a", .buy, "1", .limit(p("100"))), marks: [.zero]).isRefused)
    }

    @Test func deniedAndUnlistedSymbolsAreRefused() {
        #expect(Self.check(Self.gate { $0.deny = ["BTC/USD"] }, order("a", .buy, "1")).isRefused)
        #expect(Self.check(Self.gate { $0.allow = ["ETH/USD"] }, order("a", .buy, "1")).isRefused)
        #expect(Self.check(Self.gate { $0.allow = ["BTC/USD"] }, order("a", .buy, "1")) == .pass(order("a", .buy, "1")))
    }

    // MARK: stopouts

    @Test func anEquityFloorSwitchesTheRunToCloseOnlyUntilReset() {
        let gate = Self.gate { $0.equityFloor = m("9000") }
        var recorded: RiskGate.Stopout?
        gate.onStopout = { recorded = $0 }
        // 50 held at 100, marked at 10: equity 5000 + 500 = 5500 < 9000.
        let book = Self.book(position: "50")
        #expect(Self.check(gate, order("a", .buy, "1"), book: book, marks: [p("10")]).isRefused)
        #expect(recorded?.reason.contains("equity_floor") == true)
        #expect(gate.mode == .closeOnly)
        // Closing is still allowed, never past flat.
        guard case .trimmed(let closing, _) = Self.check(gate, order("b", .sell, "80"), book: book, marks: [p("10")]) else {
            Issue.record("closing order not trimmed to the position")
            return
        }
        #expect(closing.quantity == q("50"))
        // A gate made from a recorded stopout starts close-only.
        let restarted = RiskGate(limits: gate.limits, instruments: Self.instruments, stopout: recorded)
        #expect(Self.check(restarted, order("c", .buy, "1"), book: Self.book()).isRefused)
    }

    @Test func aDailyLossPastTheLimitStopsOutAndANewDayDoesNotClearIt() {
        let gate = Self.gate { $0.dailyLossLimit = m("500") }
        let day = Int64(1_764_460_800_000)
        gate.review(book: Self.book(position: "10"), marks: [p("100")], time: day + 1)
        gate.review(book: Self.book(position: "10"), marks: [p("40")], time: day + 2)
        #expect(gate.stopout?.reason.contains("daily_loss_limit") == true)
        gate.review(book: Self.book(position: "10"), marks: [p("100")], time: day + 86_400_000)
        #expect(gate.mode == .closeOnly)
    }

    // MARK: hostile numbers

    @Test(arguments: [Int64.max, Int64.max / 3, 1])
    func noQuantityOrPriceCanMakeTheGateTrap(raw: Int64) {
        let gate = Self.gate {
            $0.maxOrderNotional = m("1000")
            $0.maxLeverage = Weight("3")
            $0.maxPosition = ["BTC/USD": q("5")]
            $0.priceBandBasisPoints = 500
        }
        let huge = Order(id: "h", instrument: 0, side: .buy, quantity: Quantity(raw: raw), type: .limit(Price(raw: raw)), createdAt: 0)
        _ = Self.check(gate, huge, marks: [Price(raw: raw)])
        _ = Self.check(gate, huge, book: Self.book(position: "-3"), marks: [Price(raw: Int64.max)])
        let market = Order(id: "m", instrument: 0, side: .sell, quantity: Quantity(raw: raw), createdAt: 0)
        _ = Self.check(gate, market, marks: [Price(raw: raw)])
    }
}

extension RiskGate.Decision {
    var isRefused: Bool {
        if case .refused = self { return true }
        return false
    }
}
