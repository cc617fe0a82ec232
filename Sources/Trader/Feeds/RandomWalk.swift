/// Synthetic bars from a seeded random walk: the same seed gives the same bars on every machine.
/// Prices move in whole ticks; the generator is SplitMix64, so nothing depends on the platform.
public struct RandomWalk: Sequence, IteratorProtocol {
    private var state: UInt64
    private var remaining: Int
    private var time: Int64
    private var price: Int64
    private let interval: Int64
    private let tick: Int64
    private let maxStepTicks: UInt64
    private let instrument: Int

    /// `count` bars of `intervalMilliseconds` from `start`, starting at `startPrice`, each step up
    /// to `maxStepTicks` ticks of `tick` either way.
    public init(
        seed: UInt64, count: Int, start: Int64 = 1_700_000_000_000, intervalMilliseconds: Int64 = 60_000,
        startPrice: Price = Price(units: 100), tick: Price = Price(raw: 1_000_000, precision: 2), maxStepTicks: UInt64 = 5,
        instrument: Int = 0
    ) {
        state = seed
        remaining = count
        time = start
        price = startPrice.raw
        interval = intervalMilliseconds
        self.tick = tick.raw
        self.maxStepTicks = maxStepTicks
        self.instrument = instrument
    }

    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func step() -> Int64 {
        let span = 2 * maxStepTicks + 1
        let ticks = Int64(random() % span) - Int64(maxStepTicks)
        // Reflect at the floor so prices stay positive.
        price = Swift.max(tick * 10, price + ticks * tick)
        return price
    }

    public mutating func next() -> Bar? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let open = price
        let a = step(), b = step(), close = step()
        let high = Swift.max(open, a, b, close), low = Swift.min(open, a, b, close)
        let bar = Bar(
            instrument: instrument, time: time, open: Price(raw: open, precision: 2), high: Price(raw: high, precision: 2),
            low: Price(raw: low, precision: 2), close: Price(raw: close, precision: 2),
            volume: Quantity(units: Int64(random() % 1000), precision: 0))
        time += interval
        return bar
    }
}
