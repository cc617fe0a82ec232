/// `settings.yml` (`$SIGNET_HOME/settings.yml` unless a path is given), as typed values.
/// Every section is optional; a section present must be complete and hold only known keys.
public struct Settings: Sendable, Equatable {
    /// Exchange credentials by exchange name (`Kraken`).
    public var exchangeAPIs: [String: ExchangeAPI] = [:]
    public var telegram: Telegram?
    public var slack: Slack?
    public var signals: Signals?
    public var mirror: Mirror?

    public init() {}

    /// Which sections are set, for messages (never any secret).
    public var summary: String {
        var parts: [String] = []
        if !exchangeAPIs.isEmpty { parts.append("exchange_apis: \(exchangeAPIs.keys.sorted().joined(separator: ", "))") }
        if let telegram { parts.append("telegram: chat \(telegram.chatID)") }
        if let slack { parts.append("slack: channel \(slack.channel)") }
        if let signals { parts.append("signals: \(signals.identity) on \(signals.channels.joined(separator: ", "))") }
        if let mirror { parts.append("mirror: \(mirror.mode.rawValue)\(mirror.dryRun ? ", dry run" : "")") }
        return parts.isEmpty ? "empty" : parts.joined(separator: "; ")
    }

    public struct ExchangeAPI: Sendable, Equatable {
        public var key: Secret
        public var secret: Secret
        /// Base URL of the REST API (a simulator's, in tests and the demo).
        public var apiURL: String?
        /// Public WebSocket (Kraken: `wss://ws.kraken.com/v2`).
        public var wsURL: String?
        /// Private WebSocket (Kraken: `wss://ws-auth.kraken.com/v2`).
        public var wsAuthURL: String?
        /// The account's verification tier, for the call-rate counter (Kraken: starter, intermediate, pro).
        public var tier: String?

        public init(key: Secret, secret: Secret, apiURL: String? = nil, wsURL: String? = nil, wsAuthURL: String? = nil, tier: String? = nil) {
            self.key = key
            self.secret = secret
            self.apiURL = apiURL
            self.wsURL = wsURL
            self.wsAuthURL = wsAuthURL
            self.tier = tier
        }
    }

    public struct Telegram: Sendable, Equatable {
        public var token: Secret
        /// A numeric chat id or an `@channelusername`.
        public var chatID: String
        public var apiURL: String?
        /// Keep to Telegram's published rate limits (turn off only for a simulator).
        public var pacing: Bool = true
        /// Where the `telegram-signed` output posts (a public channel; default: `chatID`).
        public var signedChatID: String?
    }

    public struct Slack: Sendable, Equatable {
        /// Bot token, `xoxb-…`.
        public var token: Secret
        /// App-level token for Socket Mode, `xapp-…`.
        public var appToken: Secret?
        /// Channel id, `C…`.
        public var channel: String
        public var apiURL: String?
        /// Keep to about one message a second per channel (turn off only for a simulator).
        public var pacing: Bool = true
    }

    public struct Signals: Sendable, Equatable {
        /// The publishing identity's name in the key directory.
        public var identity: String
        /// The key directory.
        public var keys: String
        /// Channels to publish on.
        public var channels: [String]
        /// Where signals go: `telegram` (sealed lines) and `slack`; empty: every chat app configured.
        public var outputs: [String] = []
        /// Whether a sealed chart goes with a target snapshot (at most every `chartInterval` seconds).
        public var charts: Bool = true
        public var chartInterval: Int64 = 60
        /// Steps with new journal lines between signed track-record checkpoints (0: none).
        public var checkpointEvery: Int64 = 10
    }

    public struct Mirror: Sendable, Equatable {
        public enum Mode: String, Sendable, Equatable { case target, orders }
        public var mode: Mode
        /// Orders mode: quantity multiplier (`equity` scales by the equity ratio instead).
        public var multiplier: String?
        public var symbolMap: [String: String]
        public var allow: [String]
        public var deny: [String]
        public var maxPosition: [String: Quantity]
        public var maxNotional: Money?
        public var reverse: Bool
        /// Seconds.
        public var maxSignalAge: Int64?
        /// Basis points.
        public var maxPriceDeviation: Int64?
        public var dryRun: Bool

        public init(
            mode: Mode = .target, multiplier: String? = nil, symbolMap: [String: String] = [:], allow: [String] = [], deny: [String] = [],
            maxPosition: [String: Quantity] = [:], maxNotional: Money? = nil, reverse: Bool = false, maxSignalAge: Int64? = nil,
            maxPriceDeviation: Int64? = nil, dryRun: Bool = false
        ) {
            self.mode = mode
            self.multiplier = multiplier
            self.symbolMap = symbolMap
            self.allow = allow
            self.deny = deny
            self.maxPosition = maxPosition
            self.maxNotional = maxNotional
            self.reverse = reverse
            self.maxSignalAge = maxSignalAge
            self.maxPriceDeviation = maxPriceDeviation
            self.dryRun = dryRun
        }
    }
}
