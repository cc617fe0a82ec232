import Foundation
import Testing

@Suite("Risk limits from the command line")
struct RiskCommandTests {
    @Test func aBacktestUnderRiskLimitsJournalsEachRefusalWithItsLimit() throws {
        let cli = try CLI()
        try cli.write("risk:\n  max_order_notional: 500\n  on_order_notional: refuse\n", to: "risk.yml")
        _ = try cli.ok([
            "backtest", "--strategy", "sma-cross", "--param", "fast=10", "--param", "slow=30", "--data", dataPath("goog_1d.csv"),
            "--out", "out", "--settings", "risk.yml",
        ])
        let orders = try cli.read("out/orders.csv")
        #expect(orders.contains(",rejected,"))
        #expect(orders.contains("risk_limit: risk.max_order_notional"))
        #expect(!orders.contains(",filled,"), "every order of sma-cross on 10000 is worth more than 500")
    }

    @Test func aStopoutHoldsAcrossSessionsUntilTheOwnerResetsIt() throws {
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.path("home"), withIntermediateDirectories: true)
        // A floor above the starting cash: the first bar stops the run out.
        try cli.write("risk:\n  equity_floor: 1000000\n", to: "home/settings.yml")
        let live = ["live", "--strategy", "dca", "--feed", "replay:\(dataPath("btcusd_1mo.csv"))", "--speed", "0", "--home", "home"]
        let first = try cli.ok(live)
        #expect(first.stderr.contains("stopout: equity"), "\(first.stderr)")
        let orders = try cli.read("home/alphas/dca/live_trading/paper/orders.csv")
        #expect(orders.contains("risk_limit: risk.close_only") && !orders.contains(",filled,"))
        #expect(try cli.ok(["risk", "show", "dca", "--home", "home"]).stdout.contains("close-only since"))
        #expect(try cli.ok(["status", "dca", "--home", "home"]).stdout.contains("risk: close-only since"))
        // Removing the limit does not lift the stopout: only the owner's reset does.
        try cli.write("", to: "home/settings.yml")
        let second = try cli.ok(live)
        #expect(second.stderr.contains("the run is close-only after a stopout"), "\(second.stderr)")
        #expect(try cli.ok(["risk", "reset", "dca", "--home", "home"]).stdout.contains("stopout cleared"))
        #expect(try cli.ok(["risk", "show", "dca", "--home", "home"]).stdout.contains("no stopout"))
    }
}
