import Foundation
import Testing

@Suite("backtest and live from the README")
struct TradingCommandTests {
    @Test func readmeBacktestWritesItsJournalAndSummary() throws {
        let cli = try CLI()
        let result = try cli.ok([
            "backtest", "--strategy", "sma-cross", "--param", "fast=10", "--param", "slow=30", "--data", dataPath("goog_1d.csv"),
            "--cash", "10000", "--fee-bps", "10", "--out", "out/goog",
        ])
        for line in ["total return", "sharpe (ann.)", "max drawdown", "trades", "fees"] {
            #expect(result.stdout.contains(line), "\(result.stdout)")
        }
        #expect(try cli.read("out/goog/orders.csv").hasPrefix("time,order_id,symbol,side,type,quantity,price,status,fill_price,fee,reason,tag\n"))
        #expect(try cli.read("out/goog/pos_pnl.csv").hasPrefix("time,symbol,quantity,average_price,cost_basis,mark,realized_pnl"))
        #expect(try cli.read("out/goog/equity.csv").split(separator: "\n").count == 2149)
        // Deterministic: the same command gives the same journal.
        _ = try cli.ok([
            "backtest", "--strategy", "sma-cross", "--param", "fast=10", "--param", "slow=30", "--data", dataPath("goog_1d.csv"),
            "--cash", "10000", "--fee-bps", "10", "--out", "out/again",
        ])
        #expect(try cli.read("out/goog/orders.csv") == cli.read("out/again/orders.csv"))
    }

    @Test(arguments: [
        (["--strategy", "sma-cross", "--param", "fsat=3"], "sma-cross does not take fsat"),
        (["--strategy", "momentum"], "unknown strategy 'momentum'"),
        (["--strategy", "dca", "--cash", "lots"], "--cash lots is not a positive amount"),
        (["--strategy", "dca", "--data", "/nonexistent.csv"], "cannot read bar file /nonexistent.csv"),
    ])
    func badBacktestArgumentsSayWhatIsWrong(arguments: [String], fragment: String) throws {
        let cli = try CLI()
        var args = ["backtest"] + arguments
        if !arguments.contains("--data") { args += ["--data", dataPath("goog_1d.csv")] }
        let result = try cli.run(args)
        #expect(result.status != 0)
        #expect((result.stderr + result.stdout).contains(fragment), "\(result.stderr)")
    }

    @Test func readmeLiveRunJournalsAndEndsWithTheFeed() throws {
        let cli = try CLI()
        let result = try cli.ok([
            "live", "--strategy", "sma-cross", "--param", "fast=3", "--param", "slow=5", "--broker", "paper", "--freq", "1h", "--name", "eur-sma",
            "--feed", "replay:\(dataPath("btcusd_1mo.csv"))", "--speed", "0", "--home", "home",
        ])
        #expect(result.stderr.contains("live run started"))
        #expect(result.stderr.contains("reason=feed ended"))
        #expect(result.stderr.contains("onExit called; journal flushed"))
        let journal = "home/alphas/eur-sma/live_trading/paper"
        #expect(try cli.read("\(journal)/orders.csv").contains(",filled,"))
        #expect(FileManager.default.fileExists(atPath: cli.path("\(journal)/log.sqlite")))
    }

    @Test func liveRefusesBadSettingsBeforeStarting() throws {
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.path("home"), withIntermediateDirectories: true)
        try cli.write("telegram:\n  token: t\n  chatid: 5\n", to: "home/settings.yml")
        let result = try cli.run([
            "live", "--strategy", "dca", "--feed", "replay:\(dataPath("btcusd_1mo.csv"))", "--speed", "0", "--home", "home",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("settings.yml:3: telegram.chatid: unknown key (did you mean chat_id?)"), "\(result.stderr)")
        #expect(!result.stderr.contains("live run started"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("home/alphas")))
    }

    @Test(arguments: [
        (["--freq", "2h"], "--freq 2h is not a frequency"),
        (["--broker", "binance"], "unknown broker 'binance': use paper or kraken"),
        (["--broker", "kraken", "--feed", "kraken:7"], "Kraken has no 7-minute candles"),
        (["--feed", "kraken:BTC/USD"], "unknown feed 'kraken:BTC/USD'"),
    ])
    func badLiveArgumentsSayWhatIsWrong(arguments: [String], fragment: String) throws {
        let cli = try CLI()
        var args = ["live", "--strategy", "dca", "--speed", "0", "--home", "home"] + arguments
        if !arguments.contains("--feed") { args += ["--feed", "replay:\(dataPath("btcusd_1mo.csv"))"] }
        let result = try cli.run(args)
        #expect(result.status != 0)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
    }
}
