import Trader

/// The `signals:` section of settings.yml: who publishes, on which channels, through which outputs.
public struct SignalsSettings: Sendable, Equatable {
    /// The keys the section may hold.
    public static let keys: Set<String> = [
        "identity", "keys", "channels", "outputs", "charts", "chart_interval", "checkpoint_every", "heartbeat",
    ]
    /// The outputs a publisher knows.
    public static let knownOutputs = ["telegram", "telegram-signed", "slack"]

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
    /// Seconds without a signal after which a heartbeat is sent (0: none).
    public var heartbeat: Int64 = 60

    public init(
        identity: String, keys: String = "keys", channels: [String], outputs: [String] = [], charts: Bool = true,
        chartInterval: Int64 = 60, checkpointEvery: Int64 = 10, heartbeat: Int64 = 60
    ) {
        self.identity = identity
        self.keys = keys
        self.channels = channels
        self.outputs = outputs
        self.charts = charts
        self.chartInterval = chartInterval
        self.checkpointEvery = checkpointEvery
        self.heartbeat = heartbeat
    }

    /// Reads the section.
    public init(section: SettingsSection) throws {
        guard let channels = try section.strings("channels") else { throw section.error("channels", "is required") }
        self.init(
            identity: try section.string("identity"),
            keys: try section.optionalString("keys") ?? "keys",
            channels: channels,
            outputs: try section.strings("outputs") ?? [],
            charts: try section.bool("charts", default: true),
            chartInterval: try section.integer("chart_interval") ?? 60,
            checkpointEvery: try section.integer("checkpoint_every") ?? 10,
            heartbeat: try section.integer("heartbeat") ?? 60)
        for output in outputs where !Self.knownOutputs.contains(output) {
            throw TraderError(
                .invalidConfiguration,
                "\(section.file): signals.outputs: unknown output '\(output)'; use telegram (sealed lines), telegram-signed "
                    + "(readable text with a signature line, for a public channel) and/or slack")
        }
    }
}
