import Trader
import Transport

/// The `slack:` section of settings.yml.
public struct SlackSettings: Sendable, Equatable {
    /// The keys the section may hold.
    public static let keys: Set<String> = ["token", "app_token", "channel", "api_url", "pacing"]

    /// Bot token, `xoxb-…`.
    public var token: Secret
    /// App-level token for Socket Mode, `xapp-…`.
    public var appToken: Secret?
    /// Channel id, `C…`.
    public var channel: String
    public var apiURL: String?
    /// Keep to about one message a second per channel (turn off only for a simulator).
    public var pacing: Bool = true

    public init(token: Secret, appToken: Secret? = nil, channel: String, apiURL: String? = nil, pacing: Bool = true) {
        self.token = token
        self.appToken = appToken
        self.channel = channel
        self.apiURL = apiURL
        self.pacing = pacing
    }

    /// Reads the section; `SIGNET_SLACK_TOKEN` and `SIGNET_SLACK_APP_TOKEN` stand in for the tokens.
    public init(section: SettingsSection, environment: [String: String]) throws {
        self.init(
            token: Secret(try section.secret("token", variable: "SIGNET_SLACK_TOKEN", environment: environment)),
            appToken: try section.optionalSecret("app_token", variable: "SIGNET_SLACK_APP_TOKEN", environment: environment)
                .map(Secret.init),
            channel: try section.string("channel"),
            apiURL: try section.url("api_url"),
            pacing: try section.bool("pacing", default: true))
    }
}
