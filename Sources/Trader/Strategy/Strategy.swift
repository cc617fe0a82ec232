/// What users write: a value that reacts to market data and fills through its ``StrategyContext``.
///
/// The same strategy value runs in a backtest and live, unchanged; `context.simulation` tells them
/// apart for the rare code (external trackers) that must know. Every method has an empty default.
public protocol Strategy {
    /// Once, before the first bar.
    mutating func onStart(_ context: StrategyContext)
    /// At every bar (at every rebalance time, live).
    mutating func onBar(_ bar: Bar, _ context: StrategyContext)
    /// At every tick, where the feed has ticks.
    mutating func onTick(_ tick: Tick, _ context: StrategyContext)
    /// After each of its orders fills (in part or whole).
    mutating func onFill(_ fill: Fill, _ context: StrategyContext)
    /// Exactly once at the end: data exhausted, Ctrl+C or SIGTERM.
    mutating func onExit(_ context: StrategyContext)
}

extension Strategy {
    public mutating func onStart(_ context: StrategyContext) {}
    public mutating func onBar(_ bar: Bar, _ context: StrategyContext) {}
    public mutating func onTick(_ tick: Tick, _ context: StrategyContext) {}
    public mutating func onFill(_ fill: Fill, _ context: StrategyContext) {}
    public mutating func onExit(_ context: StrategyContext) {}
}
