/// The seed's ETH dollar-cost-averaging example: at every rebalance, buy `amount` of quote
/// currency worth of the instrument at market, rounded down to the lot size.
public struct DollarCostAveraging: Strategy, Sendable {
    public let amount: Money
    public let instrument: Int
    private var exhausted = false

    public init(amount: Money, instrument: Int = 0) throws {
        guard amount.raw > 0 else { throw TraderError(.invalidStrategy, "dca amount must be positive (got \(amount))") }
        self.amount = amount
        self.instrument = instrument
    }

    public mutating func onBar(_ bar: Bar, _ context: StrategyContext) {
        guard bar.instrument == instrument else { return }
        let spec = context.instruments[instrument]
        guard let quantity = amount.quantity(at: bar.close)?.rounded(toLot: spec.lotSize), quantity >= spec.minimumQuantity else {
            context.logger.info(
                "dca: \(amount) \(spec.quote) buys less than the minimum order of \(spec.minimumQuantity) \(spec.base); skipped")
            return
        }
        guard context.portfolio.accountCash >= amount else {
            if !exhausted {
                context.logger.notice(
                    "dca: cash exhausted; no more buys until cash is added", metadata: ["cash": "\(context.portfolio.accountCash)"])
                exhausted = true
            }
            return
        }
        exhausted = false
        context.order(instrument, .buy, quantity: quantity, tag: "dca")
    }
}
