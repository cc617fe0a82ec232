/// A live feed of seeded random-walk bars (see ``RandomWalk``), one bar per `barMilliseconds` of
/// replay time, starting at the bar boundary before `start` and paced `speed` times faster than
/// real time (0: as fast as possible). Endless unless `count` is given; for demos and soak runs.
public struct SyntheticFeed<C: Clock>: AsyncSequence, Sendable where C.Duration == Duration {
    public typealias Element = Bar
    public let seed: UInt64
    public let start: Int64
    public let barMilliseconds: Int64
    public let speed: Double
    public let count: Int
    let clock: C

    public init(seed: UInt64, start: Int64, barMilliseconds: Int64 = 60_000, speed: Double, count: Int = .max, clock: C) {
        self.seed = seed
        self.start = start - start % barMilliseconds
        self.barMilliseconds = barMilliseconds
        self.speed = speed
        self.count = count
        self.clock = clock
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var walk: RandomWalk
        let feed: SyntheticFeed

        public mutating func next() async throws -> Bar? {
            guard let bar = walk.next() else { return nil }
            if feed.speed > 0 { try await feed.clock.sleep(for: .milliseconds(Double(feed.barMilliseconds) / feed.speed)) }
            return bar
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(walk: RandomWalk(seed: seed, count: count, start: start, intervalMilliseconds: barMilliseconds), feed: self)
    }
}

extension SyntheticFeed where C == ContinuousClock {
    public init(seed: UInt64, start: Int64, barMilliseconds: Int64 = 60_000, speed: Double, count: Int = .max) {
        self.init(seed: seed, start: start, barMilliseconds: barMilliseconds, speed: speed, count: count, clock: ContinuousClock())
    }
}
