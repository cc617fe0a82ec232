import Foundation
import Testing
@testable import SignetApp
import Trader

@Suite("settings.yml")
struct SettingsTests {
    static let complete = """
        exchange_apis:
          Kraken:
            key: kraken-key
            secret: a3JhY2tlbg==
            api_url: http://127.0.0.1:9000
            ws_url: ws://127.0.0.1:9000/ws/v2
            ws_auth_url: ws://127.0.0.1:9000/ws-auth/v2
            tier: pro
        telegram:
          token: "123:ABC"
          chat_id: -100123456
        slack:
          token: xoxb-1
          app_token: xapp-1
          channel: C0123
        signals:
          identity: desk
          channels: [alpha]
        mirror:
          mode: target
          symbol_map: {XBT/USD: BTC/USD}
          max_position: {BTC/USD: 0.5}
          max_notional: 2500
          max_signal_age: 30
          dry_run: true
        """

    @Test func aCompleteFileParsesIntoTypedValues() throws {
        let settings = try Settings.parse(Self.complete)
        #expect(settings.exchangeAPIs["Kraken"]?.key.reveal() == "kraken-key")
        #expect(settings.exchangeAPIs["Kraken"]?.apiURL == "http://127.0.0.1:9000")
        #expect(settings.exchangeAPIs["Kraken"]?.wsURL == "ws://127.0.0.1:9000/ws/v2")
        #expect(settings.exchangeAPIs["Kraken"]?.wsAuthURL == "ws://127.0.0.1:9000/ws-auth/v2")
        #expect(settings.exchangeAPIs["Kraken"]?.tier == "pro")
        #expect(settings.telegram?.chatID == "-100123456")
        #expect(settings.slack?.appToken?.reveal() == "xapp-1")
        #expect(settings.signals == Settings.Signals(identity: "desk", keys: "keys", channels: ["alpha"]))
        #expect(settings.mirror?.mode == .target)
        #expect(settings.mirror?.symbolMap == ["XBT/USD": "BTC/USD"])
        #expect(settings.mirror?.maxPosition["BTC/USD"] == Quantity("0.5"))
        #expect(settings.mirror?.maxNotional == Money("2500"))
        #expect(settings.mirror?.dryRun == true)
    }

    @Test func emptyOrMissingFileIsEmptySettings() throws {
        #expect(try Settings.parse("") == Settings())
        #expect(try Settings.load(path: "/nonexistent/settings.yml") == Settings())
    }

    @Test(arguments: [
        ("telegram:\n  token: t\n  chat: 1\n", "settings.yml:3: telegram.chat: unknown key (did you mean chat_id?)"),
        ("telegarm:\n  token: t\n", "settings.yml:1: telegarm: unknown key (did you mean telegram?)"),
        ("telegram:\n  chat_id: 1\n", "telegram.token: is required (or set the environment variable SIGNET_TELEGRAM_TOKEN)"),
        ("telegram:\n  token: t\n", "telegram.chat_id: is required"),
        ("telegram: yes\n", "settings.yml:1: telegram: expected a mapping"),
        ("slack:\n  token: x\n  channel: [a, b]\n", "settings.yml:3: slack.channel: expected text, found a list"),
        ("telegram:\n  token: t\n  chat_id: 1\n  api_url: ftp://x\n", "telegram.api_url: expected an http(s) URL"),
        ("mirror:\n  mode: copy\n", "mirror.mode: expected target or orders, found 'copy'"),
        ("mirror:\n  multiplier: double\n", "settings.yml:2: mirror.multiplier: expected equity or a positive decimal such as 0.5, found 'double'"),
        ("signals:\n  identity: desk\n  keys: keys\n  channels: [alpha]\n  outputs: [telegram-sealed]\n", "unknown output 'telegram-sealed'; use telegram (sealed lines), telegram-signed"),
        ("mirror:\n  dry_run: maybe\n", "mirror.dry_run: expected true or false"),
        ("mirror:\n  max_position: {ETH/USD: -0.5}\n", "mirror.max_position: ETH/USD: expected 0 or a positive quantity"),
        ("mirror:\n  max_signal_age: -3\n", "mirror.max_signal_age: expected 0 (no limit) or a number of seconds"),
        ("mirror:\n  max_notional: lots\n", "mirror.max_notional: expected a decimal number"),
        ("signals:\n  identity: desk\n  channels: alpha\n", "signals.channels: expected a list"),
        ("exchange_apis:\n  Kraken:\n    key: k\n", "exchange_apis.Kraken.secret: is required (or set the environment variable SIGNET_KRAKEN_SECRET)"),
        ("telegram: [unclosed\n", "settings.yml is not valid YAML"),
        ("exchange_apis:\n  Kraken:\n    key: k\n    secret: s\n    ws_url: https://ws.kraken.com/v2\n", "exchange_apis.Kraken.ws_url: expected a ws or wss URL"),
    ])
    func mistakesAreRefusedWithFileLinePathAndExpectation(text: String, fragment: String) {
        do {
            _ = try Settings.parse(text)
            Issue.record("accepted: \(text)")
        } catch let error as TraderError {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(fragment), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func environmentVariablesOverrideAndStandInForSecrets() throws {
        let text = "exchange_apis:\n  Kraken:\n    key: from-file\ntelegram:\n  chat_id: 5\n"
        let settings = try Settings.parse(text, environment: [
            "SIGNET_KRAKEN_KEY": "from-env", "SIGNET_KRAKEN_SECRET": "env-secret", "SIGNET_TELEGRAM_TOKEN": "env-token",
        ])
        #expect(settings.exchangeAPIs["Kraken"]?.key.reveal() == "from-env")
        #expect(settings.exchangeAPIs["Kraken"]?.secret.reveal() == "env-secret")
        #expect(settings.telegram?.token.reveal() == "env-token")
    }

    @Test func secretsNeverPrint() throws {
        let settings = try Settings.parse(Self.complete)
        var dumped = ""
        dump(settings, to: &dumped)
        for rendering in ["\(settings)", String(describing: settings), String(reflecting: settings), dumped] {
            #expect(!rendering.contains("kraken-key"))
            #expect(!rendering.contains("a3JhY2tlbg=="))
            #expect(!rendering.contains("123:ABC"))
            #expect(!rendering.contains("xoxb-1"))
        }
        #expect("\(settings.telegram!.token)" == "<redacted>")
    }
}

@Suite("settings.yml: risk")
struct RiskSettingsTests {
    @Test func theRiskSectionParsesIntoLimits() throws {
        let settings = try Settings.parse("""
            risk:
              max_order_notional: 2500
              on_order_notional: refuse
              max_leverage: 1.5
              max_position: {BTC/USD: 0.5}
              price_band_bps: 200
              deny: [DOGE/USD]
              daily_loss_limit: 300
              equity_floor: 8000
              mode: close-only
            """)
        let risk = try #require(settings.risk)
        #expect(risk.maxOrderNotional == Money("2500") && risk.orderNotionalBreach == .refuse)
        #expect(risk.maxLeverage == Weight("1.5") && risk.leverageBreach == .trim)
        #expect(risk.maxPosition == ["BTC/USD": Quantity("0.5")!])
        #expect(risk.priceBandBasisPoints == 200 && risk.deny == ["DOGE/USD"])
        #expect(risk.dailyLossLimit == Money("300") && risk.equityFloor == Money("8000") && risk.mode == .closeOnly)
    }

    @Test(arguments: [
        ("risk:\n  max_leverage: 0\n", "risk.max_leverage: expected a positive multiple"),
        ("risk:\n  on_position: clip\n", "risk.on_position: expected trim or refuse"),
        ("risk:\n  mode: yolo\n", "risk.mode: expected normal, close-only or flat"),
        ("risk:\n  max_notional: 5\n", "risk.max_notional: unknown key (did you mean max_order_notional?)"),
    ])
    func riskMistakesAreRefusedWithThePath(text: String, fragment: String) {
        do {
            _ = try Settings.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".contains(fragment), "\(error)")
        }
    }
}

@Suite("settings.yml on disk")
struct SettingsFileTests {
    static func file(_ text: String, mode: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signet-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("settings.yml").path
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        return path
    }

    @Test func aFileHoldingATokenThatOthersCanReadIsRefusedWithTheFix() throws {
        let path = try Self.file("telegram:\n  token: \"123:SECRET\"\n  chat_id: 5\n", mode: 0o644)
        do {
            _ = try Settings.load(path: path)
            Issue.record("a world-readable token was accepted")
        } catch {
            #expect("\(error)".contains("chmod 600 \(path)"))
            #expect(!"\(error)".contains("SECRET"), "the token must not be printed")
        }
    }

    @Test func privateFilesAndFilesWithoutSecretsAreRead() throws {
        #expect(try Settings.load(path: try Self.file("telegram:\n  token: t\n  chat_id: 5\n", mode: 0o600)).telegram?.chatID == "5")
        #expect(try Settings.load(path: try Self.file("mirror:\n  mode: orders\n", mode: 0o644)).mirror?.mode == .orders)
    }

    @Test func aYAMLSyntaxErrorNamesTheLineButNeverEchoesIt() {
        do {
            _ = try Settings.parse("telegram:\n  token: \"123:SECRET\n  chat_id: [\n", file: "s.yml")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("s.yml is not valid YAML"))
            #expect(!"\(error)".contains("SECRET"), "\(error)")
        }
    }
}
