/// Plays bars as a live feed: each bar is delivered once it has completed in replay time, which
/// runs `speed` times faster than real time (`speed` 0: as fast as possible). The sequence ends
/// when the bars are exhausted, which ends a live run (and calls `onExit`).
public struct ReplayFeed<C: Clock>: AsyncSequence, Sendable where C.Duration == Duration {
    public typealias Element = Bar
    public let bars: [Bar]
    public let speed: Double
    /// Length of one bar, Unix ms (the file's typical spacing).
    public let barMilliseconds: Int64
    let clock: C

    public init(bars: [Bar], speed: Double, clock: C) {
        self.bars = bars
        self.speed = speed
        self.clock = clock
        let gaps = zip(bars.dropFirst().prefix(1000), bars).map { $0.time - $1.time }.sorted()
        barMilliseconds = gaps.isEmpty ? 60_000 : Swift.max(gaps[gaps.count / 2], 1)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let feed: ReplayFeed
        var index = 0

        public mutating func next() async throws -> Bar? {
            guard index < feed.bars.count else { return nil }
            if feed.speed > 0 {
                let gap = index == 0 ? feed.barMilliseconds : feed.bars[index].time - feed.bars[index - 1].time
                try await feed.clock.sleep(for: .milliseconds(Double(Swift.max(gap, 0)) / feed.speed))
            }
            defer { index += 1 }
            return feed.bars[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(feed: self) }
}

extension ReplayFeed where C == ContinuousClock {
    public init(bars: [Bar], speed: Double) { self.init(bars: bars, speed: speed, clock: ContinuousClock()) }
}
