import Trader

/// The `mirror:` section of settings.yml: how a subscriber turns signals into its own orders.
public struct MirrorSettings: Sendable, Equatable {
    /// The keys the section may hold.
    public static let keys: Set<String> = [
        "mode", "multiplier", "symbol_map", "allow", "deny", "max_position", "max_notional", "reverse", "max_signal_age",
        "max_price_deviation", "dry_run", "allow_late",
    ]

    public enum Mode: String, Sendable, Equatable { case target, orders }
    public var mode: Mode
    /// Orders mode: quantity multiplier (`equity` scales by the equity ratio instead).
    public var multiplier: String?
    public var symbolMap: [String: String]
    public var allow: [String]
    public var deny: [String]
    public var maxPosition: [String: Quantity]
    public var maxNotional: Money?
    public var reverse: Bool
    /// Signals older than this (from sealing to the decision) are skipped, milliseconds; nil: no
    /// limit (`max_signal_age: 0`, said explicitly). Default 60 s.
    public var maxSignalAgeMilliseconds: Int64?
    /// Orders mode: copy an order that arrives after a later one was copied (default: skip it).
    public var allowLate: Bool
    /// Basis points.
    public var maxPriceDeviation: Int64?
    public var dryRun: Bool

    public init(
        mode: Mode = .target, multiplier: String? = nil, symbolMap: [String: String] = [:], allow: [String] = [],
        deny: [String] = [], maxPosition: [String: Quantity] = [:], maxNotional: Money? = nil, reverse: Bool = false,
        maxSignalAgeMilliseconds: Int64? = 60_000, maxPriceDeviation: Int64? = nil, dryRun: Bool = false, allowLate: Bool = false
    ) {
        self.mode = mode
        self.multiplier = multiplier
        self.symbolMap = symbolMap
        self.allow = allow
        self.deny = deny
        self.maxPosition = maxPosition
        self.maxNotional = maxNotional
        self.reverse = reverse
        self.maxSignalAgeMilliseconds = maxSignalAgeMilliseconds
        self.allowLate = allowLate
        self.maxPriceDeviation = maxPriceDeviation
        self.dryRun = dryRun
    }

    /// Reads the section.
    public init(section: SettingsSection) throws {
        let modeText = try section.optionalString("mode") ?? "target"
        guard let mode = Mode(rawValue: modeText) else {
            throw section.error("mode", "expected target or orders, found '\(modeText)'")
        }
        let maxPosition = try section.decimalMap("max_position") { Quantity($0) }
        // A negative cap would clamp every target to the opposite side of the publisher's.
        for (symbol, cap) in maxPosition where cap.raw < 0 {
            throw section.error("max_position", "\(symbol): expected 0 or a positive quantity, found \(cap)")
        }
        let multiplier = try section.optionalString("multiplier")
        if let multiplier, multiplier != "equity", (Quantity(multiplier)?.raw ?? 0) <= 0 {
            throw section.error("multiplier", "expected equity or a positive decimal such as 0.5, found '\(multiplier)'")
        }
        self.init(
            mode: mode, multiplier: multiplier, symbolMap: try section.textMap("symbol_map"),
            allow: try section.strings("allow") ?? [], deny: try section.strings("deny") ?? [],
            maxPosition: maxPosition,
            maxNotional: try section.decimal("max_notional") { Money($0) },
            reverse: try section.bool("reverse", default: false),
            maxSignalAgeMilliseconds: try Self.signalAge(section),
            maxPriceDeviation: try section.integer("max_price_deviation"),
            dryRun: try section.bool("dry_run", default: false),
            allowLate: try section.bool("allow_late", default: false))
    }

    /// `max_signal_age`: seconds (`60`, `0.5`); `0` turns the limit off; absent: 60 s.
    static func signalAge(_ section: SettingsSection) throws -> Int64? {
        let expected = "expected 0 (no limit) or a number of seconds such as 60 or 0.5"
        guard section.has("max_signal_age") else { return 60_000 }
        guard let seconds = try? section.decimal("max_signal_age", { Quantity($0) }), seconds.raw >= 0 else {
            throw section.error("max_signal_age", expected)
        }
        // Quantity counts 10⁻⁸: 10⁵ of them a millisecond; a non-zero age rounds up to at least 1 ms.
        guard seconds.raw > 0 else { return nil }
        return max(seconds.raw / 100_000, 1)
    }

    /// `60 s`, `0.5 s`: the limit as settings.yml writes it.
    public var maxSignalAgeText: String {
        guard let milliseconds = maxSignalAgeMilliseconds else { return "off" }
        return "\(FixedPoint.format(milliseconds * 100_000, precision: milliseconds % 1000 == 0 ? 0 : 3)) s"
    }
}
