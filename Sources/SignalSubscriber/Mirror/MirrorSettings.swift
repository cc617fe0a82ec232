import Trader

/// The `mirror:` section of settings.yml: how a subscriber turns signals into its own orders.
public struct MirrorSettings: Sendable, Equatable {
    /// The keys the section may hold.
    public static let keys: Set<String> = [
        "mode", "multiplier", "symbol_map", "allow", "deny", "max_position", "max_notional", "reverse", "max_signal_age",
        "max_price_deviation", "dry_run",
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
    /// Seconds.
    public var maxSignalAge: Int64?
    /// Basis points.
    public var maxPriceDeviation: Int64?
    public var dryRun: Bool

    public init(
        mode: Mode = .target, multiplier: String? = nil, symbolMap: [String: String] = [:], allow: [String] = [],
        deny: [String] = [], maxPosition: [String: Quantity] = [:], maxNotional: Money? = nil, reverse: Bool = false,
        maxSignalAge: Int64? = nil, maxPriceDeviation: Int64? = nil, dryRun: Bool = false
    ) {
        self.mode = mode
        self.multiplier = multiplier
        self.symbolMap = symbolMap
        self.allow = allow
        self.deny = deny
        self.maxPosition = maxPosition
        self.maxNotional = maxNotional
        self.reverse = reverse
        self.maxSignalAge = maxSignalAge
        self.maxPriceDeviation = maxPriceDeviation
        self.dryRun = dryRun
    }

    /// Reads the section.
    public init(section: SettingsSection) throws {
        let modeText = try section.optionalString("mode") ?? "target"
        guard let mode = Mode(rawValue: modeText) else {
            throw section.error("mode", "expected target or orders, found '\(modeText)'")
        }
        let multiplier = try section.optionalString("multiplier")
        if let multiplier, multiplier != "equity", (Quantity(multiplier)?.raw ?? 0) <= 0 {
            throw section.error("multiplier", "expected equity or a positive decimal such as 0.5, found '\(multiplier)'")
        }
        self.init(
            mode: mode, multiplier: multiplier, symbolMap: try section.textMap("symbol_map"),
            allow: try section.strings("allow") ?? [], deny: try section.strings("deny") ?? [],
            maxPosition: try section.decimalMap("max_position") { Quantity($0) },
            maxNotional: try section.decimal("max_notional") { Money($0) },
            reverse: try section.bool("reverse", default: false),
            maxSignalAge: try section.integer("max_signal_age"),
            maxPriceDeviation: try section.integer("max_price_deviation"),
            dryRun: try section.bool("dry_run", default: false))
    }
}
