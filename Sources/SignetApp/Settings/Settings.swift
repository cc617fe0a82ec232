import Foundation
import KrakenVenue
import Notifiers
import SignalPublisher
import SignalSubscriber
import Trader

/// `settings.yml` (`$SIGNET_HOME/settings.yml` unless a path is given), as typed values. Every
/// section is optional; a section present must be complete and hold only known keys. Each
/// section's type belongs to the module that uses it; this type only puts them together.
public struct Settings: Sendable, Equatable {
    public typealias Telegram = TelegramSettings
    public typealias Slack = SlackSettings
    public typealias Signals = SignalsSettings
    public typealias Mirror = MirrorSettings
    public typealias ExchangeAPI = KrakenSettings

    /// Exchange credentials by exchange name (`Kraken`).
    public var exchangeAPIs: [String: ExchangeAPI] = [:]
    public var telegram: Telegram?
    public var slack: Slack?
    public var signals: Signals?
    public var mirror: Mirror?
    /// The owner's risk limits, for every run (`risk:`).
    public var risk: RiskLimits?
    /// Where alerts go, and when silence is one (`alerts:`).
    public var alerts: AlertsSettings?

    public init() {}

    /// Which sections are set, for messages (never any secret).
    public var summary: String {
        var parts: [String] = []
        if !exchangeAPIs.isEmpty { parts.append("exchange_apis: \(exchangeAPIs.keys.sorted().joined(separator: ", "))") }
        if let telegram { parts.append("telegram: chat \(telegram.chatID)") }
        if let slack { parts.append("slack: channel \(slack.channel)") }
        if let signals { parts.append("signals: \(signals.identity) on \(signals.channels.joined(separator: ", "))") }
        if let mirror { parts.append("mirror: \(mirror.mode.rawValue)\(mirror.dryRun ? ", dry run" : "")") }
        if let risk { parts.append("risk: \(risk.mode.rawValue)") }
        return parts.isEmpty ? "empty" : parts.joined(separator: "; ")
    }
}
