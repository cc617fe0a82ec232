import ArgumentParser
import Notifiers
import ServiceLifecycle
import SignetApp
import Trader

/// `--shadow` and `--alerts`, shared by `live`, `publish` and `mirror`.
struct TrackingOptions: ParsableArguments {
    @Flag(help: "Run a shadow simulation beside the live run: the same strategy (or mirror policy) on the same bars, on a paper broker with --fee-bps and --slippage-bps, compared after every step in log.sqlite (see signet track).")
    var shadow = false
    @Option(help: "A difference in equity between live and shadow past this many basis points is a divergence.")
    var shadowEquityBps: Int64 = 10
    @Option(help: "A fill price differing from the shadow's by more than this many basis points is a divergence.")
    var shadowFillBps: Int64 = 10
    @Option(name: .customLong("alerts"), help: ArgumentHelp("Also send warnings and worse (a divergence, a run stopping on an error) to: telegram (the telegram section of settings.yml).", valueName: "notifier"))
    var alerts: [String] = []

    /// Sets the shadow and the alert handlers on `configuration`; returns the services they need.
    func apply(to configuration: inout LiveRunConfiguration, settings: Settings) throws -> [any Service] {
        guard shadowEquityBps >= 0, shadowFillBps >= 0 else { throw ValidationError("--shadow-equity-bps and --shadow-fill-bps must be 0 or more") }
        if shadow {
            configuration.shadow = ShadowConfiguration(
                paper: configuration.paper, thresholds: ShadowThresholds(equityBasisPoints: shadowEquityBps, fillPriceBasisPoints: shadowFillBps))
        }
        var services: [any Service] = []
        for notifier in alerts {
            guard notifier == "telegram" else { throw ValidationError("--alerts \(notifier): alerts go to telegram") }
            guard let telegram = settings.telegram else { throw ValidationError("--alerts telegram needs the telegram section of settings.yml (token, chat_id)") }
            let client = TelegramClient(token: telegram.token, baseURL: telegram.apiURL ?? TelegramClient.defaultBaseURL, limiter: telegram.pacing ? .telegram() : nil)
            let sink = TelegramLogSink(client: client, chatID: telegram.chatID)
            configuration.alerts = { sink.handler(label: $0, level: .warning) }
            services.append(sink)
        }
        return services
    }
}
