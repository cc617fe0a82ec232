import ArgumentParser
import Foundation
import SignetApp

/// `signet live`: run a strategy live on the paper broker or a venue, journaled under a name.
struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Run a strategy live: rebalance on a schedule, journal every order, resume by name.",
        discussion: """
            --freq: 1m 5m 15m 30m 1h 4h 1d rebalance at bar start times; a number of seconds (90, 0.5)
            rebalances at the first bar and then every that many seconds.
            The journal lives in $SIGNET_HOME/alphas/NAME/live_trading/BROKER/ (~/.signet by default):
            logs/, orders.csv, pos_pnl.csv, log.sqlite. Ctrl+C or SIGTERM stops cleanly, calling onExit;
            a second Ctrl+C exits at once.
            """)

    @OptionGroup var options: LiveOptions

    func run() async throws {
        try await LiveRunBuilder.run(options.request, note: Console.note)
    }
}

/// Everything `live` and `publish` share: strategy, market data, schedule, journal.
struct LiveOptions: ParsableArguments {
    @OptionGroup var market: MarketOptions
    @Option(
        help: ArgumentHelp(
            "Broker: \(VenueName.list) (a venue's section in settings.yml; its feed is then the venue's own).", valueName: "venue"),
        transform: VenueName.parse)
    var broker: VenueName = .paper
    @Option(help: "Rebalance frequency.")
    var freq: String = "1h"
    @Option(help: "Run name (journal folder; default: the strategy name).")
    var name: String?
    @Option(help: ArgumentHelp("Market data: \(FeedSpec.usage).", valueName: "feed"), transform: FeedSpec.parse)
    var feed: [FeedSpec] = []
    @Option(help: "Replay speed: 1 is real time, 60 is an hour a minute, 0 as fast as possible.")
    var speed: Double = 1
    @Option(help: "Journal home (default $SIGNET_HOME or ~/.signet).")
    var home: String?
    @Option(help: "Settings file (default HOME/settings.yml); checked before the run starts.")
    var settings: String?
    @OptionGroup var tracking: TrackingOptions

    var request: LiveRunRequest {
        LiveRunRequest(
            market: market.spec, venue: broker, frequency: freq, name: name, feeds: feed, speed: speed, home: home, settingsPath: settings,
            tracking: tracking.spec)
    }
}
