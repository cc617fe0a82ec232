/// Keeps a stream of sends within published rate limits by making callers wait their turn: nothing
/// is dropped, and sends to one key (a chat, a channel) leave in the order they were asked for.
///
/// Each ``Rule`` says "at most `limit` sends in any `window`" for one key, for the keys it applies
/// to, or for all sends together. A caller reserves the earliest instant at which every rule still
/// holds, then sleeps until it.
public actor RateLimiter {
    public struct Rule: Sendable {
        public enum Scope: Sendable {
            /// Counted separately for every key.
            case perKey
            /// Counted separately for every key that `applies` accepts (for example group chats).
            case perKeyWhere(@Sendable (String) -> Bool)
            /// Counted over all keys together.
            case global
        }

        public var scope: Scope
        public var limit: Int
        public var window: Duration

        public init(_ scope: Scope, limit: Int, per window: Duration) {
            self.scope = scope
            self.limit = max(1, limit)
            self.window = window
        }
    }

    private let rules: [Rule]
    private let clock: any PacingClock
    /// Reserved instants, per rule, per key ("" for global rules); each list sorted.
    private var reserved: [[String: [Duration]]]

    public init(rules: [Rule], clock: any PacingClock = SystemPacingClock()) {
        self.rules = rules
        self.clock = clock
        reserved = Array(repeating: [:], count: rules.count)
    }

    /// Telegram's published bot limits: about one message a second per chat, 20 a minute per group
    /// (negative chat ids), 30 a second overall.
    public static func telegram(clock: any PacingClock = SystemPacingClock()) -> RateLimiter {
        RateLimiter(
            rules: [
                Rule(.perKey, limit: 1, per: .seconds(1)),
                Rule(.perKeyWhere { $0.hasPrefix("-") || $0.hasPrefix("@") }, limit: 20, per: .seconds(60)),
                Rule(.global, limit: 30, per: .seconds(1)),
            ], clock: clock)
    }

    /// Slack's chat.postMessage guidance: about one message a second per channel.
    public static func slack(clock: any PacingClock = SystemPacingClock()) -> RateLimiter {
        RateLimiter(rules: [Rule(.perKey, limit: 1, per: .seconds(1))], clock: clock)
    }

    /// Waits until a send to `key` is allowed, and counts it.
    public func acquire(_ key: String) async throws {
        let slot = reserve(key)
        try await clock.sleep(until: slot)
    }

    /// Reserves the earliest allowed instant for a send to `key` and returns it, without waiting.
    public func reserve(_ key: String) -> Duration {
        let now = clock.now()
        prune(before: now)
        let keys = rules.map { rule -> String? in
            switch rule.scope {
            case .perKey: key
            case .perKeyWhere(let applies): applies(key) ? key : nil
            case .global: ""
            }
        }
        // A slot opens either now or exactly one window after an earlier send.
        var candidates = [now]
        for (index, rule) in rules.enumerated() {
            guard let key = keys[index] else { continue }
            for instant in reserved[index][key] ?? [] where instant + rule.window > now {
                candidates.append(instant + rule.window)
            }
        }
        candidates.sort()
        let slot =
            candidates.first { candidate in
                rules.indices.allSatisfy { index in
                    guard let key = keys[index] else { return true }
                    return Self.fits(candidate, into: reserved[index][key] ?? [], rules[index])
                }
            } ?? now
        for index in rules.indices {
            guard let key = keys[index] else { continue }
            var list = reserved[index][key] ?? []
            list.insert(slot, at: list.firstIndex { $0 > slot } ?? list.endIndex)
            reserved[index][key] = list
        }
        return slot
    }

    /// Whether adding `instant` keeps every `window` holding at most `limit` sends.
    private static func fits(_ instant: Duration, into sorted: [Duration], _ rule: Rule) -> Bool {
        var nearby = sorted.filter { $0 > instant - rule.window && $0 < instant + rule.window }
        nearby.insert(instant, at: nearby.firstIndex { $0 > instant } ?? nearby.endIndex)
        guard nearby.count > rule.limit else { return true }
        for start in 0..<(nearby.count - rule.limit) where nearby[start + rule.limit] - nearby[start] < rule.window {
            return false
        }
        return true
    }

    private func prune(before now: Duration) {
        for index in rules.indices {
            let window = rules[index].window
            for (key, list) in reserved[index] {
                let kept = list.filter { $0 + window > now }
                reserved[index][key] = kept.isEmpty ? nil : kept
            }
        }
    }
}
