import Trader
import Transport

/// `exchange_apis.Kraken` in settings.yml: the API key and, for tests and the demo, a simulator's URLs.
public struct KrakenSettings: Sendable, Equatable {
    /// The keys the section may hold.
    public static let keys: Set<String> = ["key", "secret", "api_url", "ws_url", "ws_auth_url", "tier"]

    public var key: Secret
    public var secret: Secret
    /// Base URL of the REST API (a simulator's, in tests and the demo).
    public var apiURL: String?
    /// Public WebSocket (`wss://ws.kraken.com/v2`).
    public var wsURL: String?
    /// Private WebSocket (`wss://ws-auth.kraken.com/v2`).
    public var wsAuthURL: String?
    /// The account's verification tier, for the call-rate counter: starter, intermediate, pro.
    public var tier: String?

    public init(
        key: Secret, secret: Secret, apiURL: String? = nil, wsURL: String? = nil, wsAuthURL: String? = nil, tier: String? = nil
    ) {
        self.key = key
        self.secret = secret
        self.apiURL = apiURL
        self.wsURL = wsURL
        self.wsAuthURL = wsAuthURL
        self.tier = tier
    }

    /// Reads the section; `SIGNET_KRAKEN_KEY` and `SIGNET_KRAKEN_SECRET` stand in for the secrets.
    public init(section: SettingsSection, environment: [String: String]) throws {
        self.init(
            key: Secret(try section.secret("key", variable: "SIGNET_KRAKEN_KEY", environment: environment)),
            secret: Secret(try section.secret("secret", variable: "SIGNET_KRAKEN_SECRET", environment: environment)),
            apiURL: try section.url("api_url"),
            wsURL: try section.url("ws_url", schemes: ["ws", "wss"]),
            wsAuthURL: try section.url("ws_auth_url", schemes: ["ws", "wss"]),
            tier: try section.optionalString("tier"))
    }
}
