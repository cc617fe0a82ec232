import ArgumentParser
import SignetApp

/// `--shadow` and `--alerts`, shared by `live`, `publish` and `mirror`.
struct TrackingOptions: ParsableArguments {
    @Flag(
        help: """
            Run a shadow simulation beside the live run: the same strategy (or mirror policy) on the same bars, on a paper broker \
            with --fee-bps and --slippage-bps, compared after every step in log.sqlite (see signet track).
            """)
    var shadow = false
    @Option(help: "A difference in equity between live and shadow past this many basis points is a divergence.")
    var shadowEquityBps: Int64 = 10
    @Option(help: "A fill price differing from the shadow's by more than this many basis points is a divergence.")
    var shadowFillBps: Int64 = 10
    @Option(
        name: .customLong("alerts"),
        help: ArgumentHelp(
            "Also send warnings and worse (a divergence, a run stopping on an error) to: telegram (the telegram section of settings.yml).",
            valueName: "notifier"),
        transform: AlertSink.parse)
    var alerts: [AlertSink] = []

    var spec: TrackingSpec {
        TrackingSpec(shadow: shadow, shadowEquityBasisPoints: shadowEquityBps, shadowFillBasisPoints: shadowFillBps, alerts: alerts)
    }
}
