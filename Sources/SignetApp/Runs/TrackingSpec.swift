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
    public func apply(to configuration: inout LiveRunConfiguration, settings: Settings) throws -> [any Service] {
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
                let sink = TelegramLogSink(client: Clients.telegram(telegram), chatID: telegram.chatID)
                configuration.alerts = { sink.handler(label: $0, level: .warning) }
                services.append(sink)
            }
        }
        return services
    }
}
