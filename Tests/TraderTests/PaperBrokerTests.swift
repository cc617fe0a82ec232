import Testing
@testable import Trader

@Suite("Paper broker")
struct PaperBrokerTests {
    func broker(cash: String = "100000", fee: Int64 = 0, slippage: Int64 = 0, allowShort: Bool = true) -> PaperBroker {
        PaperBroker(
            instruments: [btc()], accountCurrency: "USD", cash: m(cash),
            configuration: .init(feeBasisPoints: fee, slippageBasisPoints: slippage, allowShort: allowShort))
    }

    @Test func marketOrderFillsAtTheNextBarsOpenWithSlippageAgainstTheTrader() {
        let paper = broker(slippage: 10)
        paper.process(flat(0, "100"))
        paper.submit(order("b", .buy, "1"))
        paper.submit(order("s", .sell, "0.5"))
        #expect(paper.fills().isEmpty)
        paper.process(bar(1, "200.00", "210", "190", "205"))
        let fills = paper.fills()
        #expect(fills.map(\.price) == [p("200.20"), p("199.80")])
        #expect(fills.map(\.time) == [1, 1])
    }

    @Test(arguments: [
        // side, limit, bar (open, high, low), expected fill price or nil
        (Side.buy, "99", ("100", "101", "98.5"), Optional("99")),
        (.buy, "99", ("98", "100", "97"), "98"),  // gapped below the limit: the better open
        (.buy, "99", ("100", "101", "99.01"), nil),
        (.sell, "101", ("100", "101.5", "99"), "101"),
        (.sell, "101", ("102", "103", "101.5"), "102"),
        (.sell, "101", ("100", "100.99", "99"), nil),
    ])
    func limitOrdersFillAtTheLimitOrABetterOpen(side: Side, limit: String, bar prices: (String, String, String), expected: String?) {
        let paper = broker()
        paper.process(flat(0, "100"))
        if side == .sell {
            paper.submit(order("setup", .buy, "1"))
            paper.process(flat(1, "100"))
            _ = paper.drained()
        }
        paper.submit(order("o", side, "1", .limit(p(limit))))
        paper.process(bar(2, prices.0, prices.1, prices.2, prices.0 < prices.1 ? prices.0 : prices.1))
        #expect(paper.fills().first?.price == expected.map(p))
        #expect(paper.openOrders.count == (expected == nil ? 1 : 0))
    }

    @Test(arguments: [
        (Side.buy, "105", ("100", "106", "99"), Optional("105.11")),  // triggered, stop + 10 bps, rounded up
        (.buy, "105", ("107", "108", "106"), "107.11"),  // gapped through: the worse open
        (.buy, "105", ("100", "104.99", "99"), nil),
        (.sell, "95", ("100", "101", "94"), "94.90"),
        (.sell, "95", ("90", "91", "89"), "89.91"),
    ])
    func stopOrdersTriggerThroughTheStopAndFillWithSlippage(side: Side, stop: String, bar prices: (String, String, String), expected: String?) {
        let paper = broker(slippage: 10)
        paper.process(flat(0, "100"))
        paper.submit(order("o", side, "1", .stop(p(stop))))
        paper.process(bar(1, prices.0, prices.1, prices.2, prices.0))
        #expect(paper.fills().first?.price == expected.map(p))
    }

    @Test func feesAreBasisPointsOfNotionalAndComeOutOfCash() {
        let paper = broker(cash: "10000", fee: 25)
        paper.process(flat(0, "100"))
        paper.submit(order("b", .buy, "10"))
        paper.process(flat(1, "100"))
        let fill = paper.fills()[0]
        #expect(fill.fee == m("2.5"))
        #expect(paper.balances["USD"] == m("8997.5"))
    }

    @Test func immediateOrCancelThatCannotFillIsCancelled() {
        let paper = broker()
        paper.process(flat(0, "100"))
        paper.submit(order("o", .buy, "1", .limit(p("90")), tif: .ioc))
        paper.process(flat(1, "100"))
        let events = paper.drained()
        #expect(events.count == 2)
        if case .cancelled(let cancelled, _) = events[1] { #expect(cancelled.id == "o") } else { Issue.record("expected a cancel, got \(events)") }
        #expect(paper.openOrders.isEmpty)
    }

    @Test(arguments: [
        ("0", RejectReason.invalidQuantity),
        ("-1", .invalidQuantity),
        ("0.0015", .invalidQuantity),
        ("0.005", .belowMinimum),
    ])
    func invalidQuantitiesAreRejectedAsEvents(quantity: String, reason: RejectReason) {
        let paper = broker()
        paper.submit(Order(id: "x", instrument: 0, side: .buy, quantity: Quantity(quantity)!, createdAt: 0))
        #expect(paper.drained().first?.rejectReason == reason)
        #expect(paper.openOrders.isEmpty)
    }

    @Test func offTickLimitPriceAndUnknownInstrumentAndDuplicateIDAreRejected() {
        let paper = broker()
        paper.submit(order("a", .buy, "1", .limit(p("100.005"))))
        paper.submit(Order(id: "b", instrument: 3, side: .buy, quantity: q("1"), createdAt: 0))
        paper.submit(order("c", .buy, "1", .limit(p("100"))))
        paper.submit(order("c", .buy, "1", .limit(p("100"))))
        #expect(paper.drained().compactMap(\.rejectReason) == [.invalidPrice, .unknownInstrument, .duplicateOrderID])
    }

    @Test func buyingMoreThanEquityIsRejectedAtFillTime() {
        let paper = broker(cash: "1000")
        paper.process(flat(0, "100"))
        paper.submit(order("big", .buy, "11"))
        paper.process(flat(1, "100"))
        let events = paper.drained()
        #expect(events.last?.rejectReason == .insufficientFunds)
        #expect(paper.balances["USD"] == m("1000"))
    }

    @Test func shortingCanBeDisabledAndReducingIsAlwaysAllowed() {
        let paper = broker(cash: "1000", allowShort: false)
        paper.process(flat(0, "100"))
        paper.submit(order("short", .sell, "1"))
        paper.process(flat(1, "100"))
        #expect(paper.drained().last?.rejectReason == .insufficientFunds)
        paper.submit(order("buy", .buy, "9"))
        paper.process(flat(2, "100"))
        #expect(paper.fills().count == 1)
        // The price halves: exposure is now above nothing, but selling reduces risk and must pass.
        paper.submit(order("sell", .sell, "9"))
        paper.process(flat(3, "50"))
        #expect(paper.fills().first?.price == p("50"))
    }

    @Test func cancelRemovesAWorkingOrder() {
        let paper = broker()
        paper.submit(order("o", .buy, "1", .limit(p("50"))))
        paper.cancel(orderID: "o")
        let events = paper.drained()
        #expect(events.count == 2)
        #expect(paper.openOrders.isEmpty)
    }
}

@Suite("Positions and PnL")
struct PositionTests {
    func fill(_ side: Side, _ quantity: String, _ price: String, fee: String = "0") -> Fill {
        Fill(orderID: "o", instrument: 0, side: side, quantity: q(quantity), price: p(price), fee: m(fee), time: 0)
    }

    @Test func averageCostRealisedAndUnrealisedPnLMatchHandComputedCases() {
        var position = Position(instrument: 0)
        position.apply(fill(.buy, "10", "100"))
        position.apply(fill(.buy, "10", "110"))
        #expect(position.quantity == q("20"))
        #expect(position.averagePrice == p("105"))
        #expect(position.unrealizedPnL(at: p("120")) == m("300"))
        // Sell 15 at 120: realises 15 × (120 − 105) = 225; 5 remain at 105.
        #expect(position.apply(fill(.sell, "15", "120")) == m("225"))
        #expect(position.quantity == q("5"))
        #expect(position.costBasis == m("525"))
        // Sell 10 at 100: closes 5 at a loss of 5 × 5 = 25 and opens 5 short at 100.
        #expect(position.apply(fill(.sell, "10", "100")) == m("-25"))
        #expect(position.quantity == q("-5"))
        #expect(position.averagePrice == p("100"))
        #expect(position.realizedPnL == m("200"))
        #expect(position.unrealizedPnL(at: p("90")) == m("50"))
        // Buy 5 at 90 closes the short with a 50 gain.
        #expect(position.apply(fill(.buy, "5", "90")) == m("50"))
        #expect(position.quantity == .zero)
        #expect(position.costBasis == .zero)
        #expect(position.realizedPnL == m("250"))
    }

    @Test func portfolioCashAndEquityIncludeFees() {
        var portfolio = Portfolio(accountCurrency: "USD", cash: m("10000"), instruments: 1)
        portfolio.apply(fill(.buy, "10", "100", fee: "1"), quote: "USD")
        #expect(portfolio.accountCash == m("8999"))
        #expect(portfolio.equity(marks: [p("110")]) == m("10099"))
        portfolio.apply(fill(.sell, "10", "110", fee: "1.1"), quote: "USD")
        #expect(portfolio.accountCash == m("10097.9"))
        #expect(portfolio.positions[0].realizedPnL == m("100"))
        #expect(portfolio.positions[0].fees == m("2.1"))
    }

    @Test func realisedPnLOfPartialClosesSumsExactlyToTheWhole() {
        var position = Position(instrument: 0)
        position.apply(fill(.buy, "3", "100.01"))
        var realized = Money.zero
        for _ in 0..<3 { realized = realized + position.apply(fill(.sell, "1", "100.02"))! }
        #expect(realized == m("0.03"))
        #expect(position.costBasis == .zero)
    }
}
