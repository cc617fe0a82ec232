extension RiskLimits {
    /// The keys the `risk:` section may hold.
    public static let keys: Set<String> = [
        "max_order_notional", "on_order_notional", "max_leverage", "on_leverage", "max_position", "on_position", "price_band_bps",
        "allow", "deny", "daily_loss_limit", "equity_floor", "mode",
    ]

    /// Reads the `risk:` section of settings.yml.
    public init(section: SettingsSection) throws {
        self.init()
        func breach(_ key: String) throws -> Breach {
            guard let text = try section.optionalString(key) else { return .trim }
            guard let breach = Breach(rawValue: text) else { throw section.error(key, "expected trim or refuse, found '\(text)'") }
            return breach
        }
        maxOrderNotional = try section.decimal("max_order_notional") { Money($0) }
        if let notional = maxOrderNotional, notional.raw <= 0 {
            throw section.error("max_order_notional", "expected a positive amount, found \(notional)")
        }
        orderNotionalBreach = try breach("on_order_notional")
        maxLeverage = try section.decimal("max_leverage") { Weight($0) }
        if let leverage = maxLeverage, leverage.raw <= 0 {
            throw section.error("max_leverage", "expected a positive multiple of equity such as 1 (no leverage), found \(leverage)")
        }
        leverageBreach = try breach("on_leverage")
        maxPosition = try section.decimalMap("max_position") { Quantity($0) }
        for (symbol, limit) in maxPosition where limit.raw < 0 {
            throw section.error("max_position", "\(symbol): expected 0 or a positive quantity, found \(limit)")
        }
        positionBreach = try breach("on_position")
        priceBandBasisPoints = try section.integer("price_band_bps")
        allow = try section.strings("allow") ?? []
        deny = try section.strings("deny") ?? []
        dailyLossLimit = try section.decimal("daily_loss_limit") { Money($0) }
        if let loss = dailyLossLimit, loss.raw <= 0 { throw section.error("daily_loss_limit", "expected a positive amount, found \(loss)") }
        equityFloor = try section.decimal("equity_floor") { Money($0) }
        let modeText = try section.optionalString("mode") ?? "normal"
        guard let mode = Mode(rawValue: modeText) else {
            throw section.error("mode", "expected normal, close-only or flat, found '\(modeText)'")
        }
        self.mode = mode
    }
}
