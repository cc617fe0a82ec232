import Foundation
import Testing

/// `--shadow` runs and `signet track`.
@Suite("signet track")
struct TrackCommandTests {
    @Test func aPaperRunWithItsShadowAgreesAndTrackDrawsBothCurves() throws {
        let cli = try CLI()
        let run = try cli.run([
            "live", "--strategy", "sma-cross", "--param", "fast=3", "--param", "slow=8", "--feed", "replay:\(dataPath("eurusd_1h.csv"))", "--speed", "0",
            "--freq", "1h", "--name", "eur", "--home", cli.path("home"), "--fee-bps", "10", "--slippage-bps", "2", "--shadow",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("divergent_steps=0"), "\(run.stderr.suffix(400))")
        let track = try cli.run(["track", "eur", "--home", cli.path("home"), "--chart", cli.path("eur.png")])
        #expect(track.status == 0, "\(track.stderr)")
        #expect(track.stdout.contains("divergent steps: 0") && track.stdout.contains("live − shadow 0.00 (0 bp)"), "\(track.stdout)")
        #expect(track.stdout.contains("against the shadow's fill mean 0.0 bp, worst 0 bp"), "\(track.stdout)")
        let png = try #require(FileManager.default.contents(atPath: cli.path("eur.png")))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    /// The desk publishes 200 bars to Slack; then the follower mirrors them all (orders mode,
    /// 50 000 USD, catching up) with `extra` options. Returns the simulators to stop.
    static func publishThenMirror(_ cli: CLI, _ extra: [String]) throws -> [Process] {
        let (simulators, telegramURL, slackURL) = try MirrorCommandTests.prepare(cli, bars: 200)
        try MirrorCommandTests.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: orders\n  max_signal_age: 0")
        let published = try cli.run(MirrorCommandTests.publishArguments(cli))
        #expect(published.status == 0, "\(published.stderr)")
        let mirror = try cli.run(MirrorCommandTests.mirrorArguments(cli, via: ["slack"], cash: "50000") + ["--catch-up"] + extra)
        #expect(mirror.status == 0, "\(mirror.stderr)")
        return simulators
    }

    @Test func aMirrorWithItsShadowReportsCopyLatencyAndSlippage() throws {
        let cli = try CLI()
        let simulators = try Self.publishThenMirror(cli, ["--shadow"])
        defer { MirrorCommandTests.stop(simulators) }
        let track = try cli.run(["track", "follow", "--home", cli.path("sub")])
        #expect(track.status == 0, "\(track.stderr)")
        // The shadow mirrors the same signals on the same kind of broker: it agrees.
        #expect(track.stdout.contains("divergent steps: 0"), "\(track.stdout)")
        let copied = try #require(track.stdout.split(separator: "\n").first { $0.hasPrefix("copied fills: ") })
        #expect((Int(copied.dropFirst("copied fills: ".count)) ?? 0) > 0, "\(track.stdout)")
        for line in ["signal age on arrival: p50", "time to order: p50", "slippage against the signalled price: mean", "slippage against the publisher's fill: mean"] {
            #expect(track.stdout.contains(line), "\(line) missing in\n\(track.stdout)")
        }
        #expect(track.stdout.contains("not copied: orders mode copies orders, not snapshots"), "\(track.stdout)")
    }
}

/// `signet mirror --receipts` and `signet receipts`.
@Suite("Signed delivery receipts")
struct ReceiptsTests {
    @Test func aSubscribersSignedReceiptsGiveThePublisherItsDeliveryLatency() throws {
        let cli = try CLI()
        let simulators = try TrackCommandTests.publishThenMirror(cli, ["--receipts", "C0RECEIPTS", "--receipts-as", "follower"])
        defer { MirrorCommandTests.stop(simulators) }
        let fills = try String(contentsOfFile: "\(MirrorCommandTests.journal(cli, "follow"))/orders.csv", encoding: .utf8).components(separatedBy: ",filled,").count - 1
        #expect(fills > 0)

        let receipts = try cli.run(["receipts", "--channel", "alpha", "--from-slack", "C0RECEIPTS", "--settings", cli.path("settings.yml")])
        #expect(receipts.status == 0, "\(receipts.stderr)")
        #expect(receipts.stdout.hasPrefix("follower: \(fills) fills, delivery p50 "), "\(receipts.stdout)\(receipts.stderr)")
        #expect(!receipts.stderr.contains("left out"), "every message is a receipt signed by the follower: \(receipts.stderr)")
    }
}
