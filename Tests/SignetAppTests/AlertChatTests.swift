import SignalSubscriber
import Testing
import Trader
import Transport
@testable import SignetApp

@Suite("Where alerts go")
struct AlertChatTests {
    static let telegram = Settings.Telegram(token: Secret("1:t"), chatID: "-100")

    @Test func aRunWithoutSignalsOnTelegramAlertsItsTelegramChat() throws {
        #expect(try TrackingSpec.alertChat(Settings(), telegram: Self.telegram, signalChats: []) == "-100")
    }

    @Test func aSignalChatNeedsAnAlertChatOfTheOwnersOwn() throws {
        #expect(throws: AppError.self) { try TrackingSpec.alertChat(Settings(), telegram: Self.telegram, signalChats: ["-100"]) }
        var settings = Settings()
        settings.alerts = AlertsSettings(telegramChatID: "42")
        #expect(try TrackingSpec.alertChat(settings, telegram: Self.telegram, signalChats: ["-100"]) == "42")
    }

    @Test func theSignalChatIsNeverTheAlertChat() {
        var settings = Settings()
        settings.alerts = AlertsSettings(telegramChatID: "-100")
        do {
            _ = try TrackingSpec.alertChat(settings, telegram: Self.telegram, signalChats: ["-100"])
            Issue.record("alerts would go to the signal chat")
        } catch let error as AppError {
            #expect(error.message.contains("is a signal chat"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func theAlertsSectionParses() throws {
        let settings = try Settings.parse("alerts:\n  telegram_chat_id: \"42\"\n  silence: 300\n")
        #expect(settings.alerts == AlertsSettings(telegramChatID: "42", silenceSeconds: 300))
    }
}

@Suite("A mirror's caps in the risk gate")
struct MirrorRiskTests {
    @Test func theStricterOfTheMirrorsAndTheRiskSectionsCapsApplies() {
        var risk = RiskLimits()
        risk.maxOrderNotional = Money("1000")
        risk.maxPosition = ["6E/USD": Quantity("5")!]
        let mirror = MirrorSettings(
            symbolMap: ["EUR/USD": "6E/USD"], maxPosition: ["EUR/USD": Quantity("2")!, "BTC/USD": Quantity("1")!], maxNotional: Money("2500"))
        let limits = risk.tightened(by: mirror)
        #expect(limits.maxOrderNotional == Money("1000"))
        #expect(limits.maxPosition == ["6E/USD": Quantity("2")!, "BTC/USD": Quantity("1")!])
        #expect(RiskLimits().tightened(by: MirrorSettings(maxNotional: Money("300"))).maxOrderNotional == Money("300"))
    }
}
