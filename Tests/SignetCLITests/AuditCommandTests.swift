import Foundation
import Testing

/// `signet audit` on a publisher's journal, with the checkpoints a subscriber received.
@Suite("signet audit against signed checkpoints")
struct AuditCommandTests {
    @Test func anUntouchedHistoryPassesAndATamperedOneIsCaughtAtTheAlteredLine() throws {
        let cli = try CLI()
        let (simulators, telegramURL, slackURL) = try MirrorCommandTests.prepare(cli, bars: 200)
        defer { MirrorCommandTests.stop(simulators) }
        try cli.write(try cli.read("settings.yml") + "\n  checkpoint_every: 3\n", to: "settings.yml")
        try MirrorCommandTests.subscriberSettings(cli, telegramURL: telegramURL, slackURL: slackURL, mirror: "  mode: target\n  max_signal_age: 0")
        let published = try cli.run(MirrorCommandTests.publishArguments(cli))
        #expect(published.status == 0, "\(published.stderr)")
        let mirror = try cli.run(MirrorCommandTests.mirrorArguments(cli, via: ["slack"]) + ["--catch-up"])
        #expect(mirror.status == 0, "\(mirror.stderr)")

        let journal = cli.path("home/alphas/desk-eur/live_trading/paper")
        let inbox = "\(MirrorCommandTests.journal(cli, "follow"))/inbox.sqlite"
        func audit(_ orders: String, _ pnl: String) throws -> CLI.Result {
            try cli.run(["audit", "--from", "desk", "--orders", orders, "--pnl", pnl, "--inbox", inbox])
        }
        let intact = try audit("\(journal)/orders.csv", "\(journal)/pos_pnl.csv")
        #expect(intact.status == 0, "\(intact.stdout)\(intact.stderr)")
        #expect(intact.stdout.contains("orders.csv: intact") && intact.stdout.contains("pos_pnl.csv: intact"), "\(intact.stdout)")
        #expect(!intact.stdout.contains("not covered"), "the final checkpoint covers the whole journal: \(intact.stdout)")

        // A better fill price on one line of the history, as someone polishing a record would write.
        var lines = try String(contentsOfFile: "\(journal)/orders.csv", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = try #require(lines.indices.filter { lines[$0].contains(",filled,") }.dropFirst(3).first)
        var fields = lines[target].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[8] = fields[8].hasSuffix("1") ? String(fields[8].dropLast()) + "2" : String(fields[8].dropLast()) + "1"
        lines[target] = fields.joined(separator: ",")
        try cli.write(lines.joined(separator: "\n"), to: "tampered.csv")
        let caught = try audit(cli.path("tampered.csv"), "\(journal)/pos_pnl.csv")
        #expect(caught.status == 1, "\(caught.stdout)\(caught.stderr)")
        #expect(caught.stdout.contains("orders.csv: ALTERED at line \(target + 1):"), "\(caught.stdout)")
        #expect(caught.stdout.contains("pos_pnl.csv: intact"))

        // A line taken out of pos_pnl.csv.
        var positions = try String(contentsOfFile: "\(journal)/pos_pnl.csv", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        positions.remove(at: 5)
        try cli.write(positions.joined(separator: "\n"), to: "shortened.csv")
        let removed = try audit("\(journal)/orders.csv", cli.path("shortened.csv"))
        #expect(removed.status == 1)
        #expect(removed.stdout.contains("pos_pnl.csv: ALTERED at line 6:"), "\(removed.stdout)")
    }
}
