import Foundation
import KrakenVenue
import Notifiers
import SignalPublisher
import SignalSubscriber
import Trader

extension Settings {
    /// Environment variables that override (or stand in for) secrets in the file.
    public static let secretVariables = [
        "SIGNET_KRAKEN_KEY", "SIGNET_KRAKEN_SECRET", "SIGNET_TELEGRAM_TOKEN", "SIGNET_SLACK_TOKEN", "SIGNET_SLACK_APP_TOKEN",
    ]

    /// The top-level sections.
    static let sections: Set<String> = ["exchange_apis", "telegram", "slack", "signals", "mirror", "risk", "alerts"]

    /// Loads `path`; a missing file is empty settings. Anything wrong is refused with the file,
    /// line, key path and what was expected.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        guard FileManager.default.fileExists(atPath: path) else { return try parse("", file: path, environment: environment) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraderError(.io, "cannot read \(path); check its permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        let settings = try parse(text, file: path, environment: environment)
        try checkPrivate(path, text: text)
        return settings
    }

    /// The keys whose values are credentials.
    static let secretKeys: Set<String> = ["token", "app_token", "key", "secret"]

    /// A settings file that holds a credential must be readable by its owner only (as ssh keys
    /// must): refused otherwise, with the command that fixes it.
    static func checkPrivate(_ path: String, text: String) throws {
        guard let top = try? SettingsSection.parse(text, file: path, allowed: sections) else { return }
        let chats = ["telegram", "slack"].compactMap { try? top.section($0, allowed: nil) }
        let exchanges = ((try? top.sections("exchange_apis", allowedNames: nil, allowed: nil)) ?? [:]).values
        guard (chats + exchanges).contains(where: { section in section.keys.contains(where: secretKeys.contains) }) else { return }
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return }
        throw TraderError(
            .invalidConfiguration,
            "\(path) holds credentials but other users can read it (mode \(String(mode, radix: 8))); run: chmod 600 \(path)")
    }

    /// Parses settings text; `file` names it in errors.
    public static func parse(_ text: String, file: String = "settings.yml", environment: [String: String] = [:]) throws -> Settings {
        let top = try SettingsSection.parse(text, file: file, allowed: sections)
        var settings = Settings()
        let exchanges = try top.sections("exchange_apis", allowedNames: nil, allowed: KrakenSettings.keys)
        for (name, section) in exchanges {
            settings.exchangeAPIs[name] = try KrakenSettings(section: section, environment: environment)
        }
        settings.telegram = try top.section("telegram", allowed: TelegramSettings.keys)
            .map { try TelegramSettings(section: $0, environment: environment) }
        settings.slack = try top.section("slack", allowed: SlackSettings.keys)
            .map { try SlackSettings(section: $0, environment: environment) }
        settings.signals = try top.section("signals", allowed: SignalsSettings.keys).map(SignalsSettings.init(section:))
        settings.mirror = try top.section("mirror", allowed: MirrorSettings.keys).map(MirrorSettings.init(section:))
        settings.risk = try top.section("risk", allowed: RiskLimits.keys).map(RiskLimits.init(section:))
        settings.alerts = try top.section("alerts", allowed: AlertsSettings.keys).map(AlertsSettings.init(section:))
        return settings
    }
}
