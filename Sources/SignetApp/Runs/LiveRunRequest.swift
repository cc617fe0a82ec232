import Foundation
import Trader

/// Everything `live`, `publish` and `mirror` share: strategy, venue, market data, schedule, journal.
public struct LiveRunRequest: Sendable {
    public var market: MarketSpec
    public var venue: VenueName
    /// `--freq`: a preset (`1m` … `1d`) or a number of seconds.
    public var frequency: String
    /// The run's name (journal folder); default: the strategy's name.
    public var name: String?
    public var feeds: [FeedSpec]
    /// Replay speed: 1 is real time, 0 as fast as possible.
    public var speed: Double
    /// Journal home; default `$SIGNET_HOME` or `~/.signet`.
    public var home: String?
    /// settings.yml; default `HOME/settings.yml`.
    public var settingsPath: String?
    public var tracking: TrackingSpec
    /// Telegram chats the run publishes signals to (set by ``PublishRunBuilder``): never its alert chat.
    public var signalChats: [String] = []

    public init(
        market: MarketSpec, venue: VenueName = .paper, frequency: String = "1h", name: String? = nil, feeds: [FeedSpec] = [],
        speed: Double = 1, home: String? = nil, settingsPath: String? = nil, tracking: TrackingSpec = TrackingSpec()
    ) {
        self.market = market
        self.venue = venue
        self.frequency = frequency
        self.name = name
        self.feeds = feeds
        self.speed = speed
        self.home = home
        self.settingsPath = settingsPath
        self.tracking = tracking
    }

    public var homePath: String { home ?? RunDirectory.defaultHome() }
    public var runName: String { name ?? market.strategy }

    /// The run's journal folder.
    public func runDirectory() throws -> RunDirectory {
        try RunDirectory(home: homePath, name: runName, broker: venue.rawValue)
    }

    /// Settings, as `--settings` or HOME/settings.yml give them (checked before anything starts);
    /// `note` says which file was read unless `quiet`.
    public func loadSettings(quiet: Bool = false, note: Note) throws -> Settings {
        let path = settingsPath ?? "\(homePath)/settings.yml"
        let loaded = try Settings.load(path: path)
        if !quiet, FileManager.default.fileExists(atPath: path) { note("settings: \(path) (\(loaded.summary))") }
        return loaded
    }
}
