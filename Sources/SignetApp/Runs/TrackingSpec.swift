import Notifiers
import ServiceLifecycle
import Trader

/// Where warnings of a run go besides its log (`--alerts`).
public enum AlertSink: String, CaseIterable, Sendable {
    /// The telegram section of settings.yml.
    case telegram
}

/// `--shadow` and `--alerts`, shared by `live`, `publish` and `mirror`.
public struct TrackingSpec: Sendable {
    public var shadow: Bool
    public var shadowEquityBasisPoints: Int64
    public var shadowFillBasisPoints: Int64
    public var alerts: [AlertSink]

    public init(shadow: Bool = false, shadowEquityBasisPoints: Int64 = 10, shadowFillBasisPoints: Int64 = 10, alerts: [AlertSink] = []) {
        self.shadow = shadow
        self.shadowEquityBasisPoints = shadowEquityBasisPoints
        self.shadowFillBasisPoints = shadowFillBasisPoints
        self.alerts = alerts
    }

    /// Sets the shadow and the alert handlers on `configuration`; returns the services they need.
    /// `signalChats`: the Telegram chats this run publishes to or mirrors from, where its alerts
    /// must never go (every member would read the owner's positions and equity).
    public func apply(
        to configuration: inout LiveRunConfiguration, settings: Settings, signalChats: [String] = []
    ) throws -> [any Service] {
        guard shadowEquityBasisPoints >= 0, shadowFillBasisPoints >= 0 else {
            throw AppError(.usage, "--shadow-equity-bps and --shadow-fill-bps must be 0 or more")
        }
        if shadow {
            configuration.shadow = ShadowConfiguration(
                paper: configuration.paper,
                thresholds: ShadowThresholds(equityBasisPoints: shadowEquityBasisPoints, fillPriceBasisPoints: shadowFillBasisPoints))
        }
        var services: [any Service] = []
        for sink in alerts {
            switch sink {
            case .telegram:
                guard let telegram = settings.telegram else {
                    throw AppError(.usage, "--alerts telegram needs the telegram section of settings.yml (token, chat_id)")
                }
                let chat = try Self.alertChat(settings, telegram: telegram, signalChats: signalChats)
                let sink = TelegramLogSink(client: Clients.telegram(telegram), chatID: chat)
                configuration.alerts = { sink.handler(label: $0, level: .warning) }
                services.append(sink)
            }
        }
        return services
    }

    /// The chat alerts go to: `alerts.telegram_chat_id`, else (for a run that carries no signals
    /// through Telegram) the telegram section's chat; never a signal chat.
    static func alertChat(_ settings: Settings, telegram: TelegramSettings, signalChats: [String]) throws -> String {
        guard let chat = settings.alerts?.telegramChatID ?? (signalChats.isEmpty ? telegram.chatID : nil) else {
            throw AppError(
                .usage,
                "--alerts telegram on a run that publishes or mirrors through Telegram needs alerts.telegram_chat_id in settings.yml: "
                    + "a chat of your own, not the signal chat")
        }
        guard !signalChats.contains(chat) else {
            throw AppError(
                .input,
                "alerts.telegram_chat_id \(chat) is a signal chat: every member would read your positions and equity; "
                    + "use a chat of your own")
        }
        return chat
    }
}
