import FuzzSignetApp
import FuzzSupport
import FuzzTrading
import SignalSubscriber
import SignalWire
import Trader

/// Harness 5: settings.yml (`Settings.parse`, SignetApp, each section read by its module through
/// Trader's `SettingsSection` on Yams), and what the parsed `mirror:` and `risk:` sections do.
///
/// Proves, for any text: parsing returns settings or throws, never traps (YAML, every section,
/// secrets from the environment); parsing is deterministic and the summary prints; and the
/// accepted `mirror:` policy and `risk:` limits, applied to fixed order and target signals in
/// the fixed world (FuzzTrading), keep every promise the payload harness checks: no trap, caps
/// of the policy and of the gate respected, positions on the side the publisher's weights ask for.
let environment = ["SIGNET_KRAKEN_KEY": "kraken-key", "SIGNET_KRAKEN_SECRET": "a3JhY2tlbg==", "SIGNET_TELEGRAM_TOKEN": "123:ABC"]
let time: Int64 = 1_763_700_000_000

func order(
    _ side: Side, _ quantity: String, _ symbol: String, _ type: OrderSignal.OrderType, _ limit: String?, _ price: String
) -> OrderSignal {
    OrderSignal(
        id: "sma-1", symbol: symbol, side: side, quantity: World.quantity(quantity), type: type, limit: limit.map(World.price),
        price: World.price(price))
}

let orders = [
    order(.buy, "0.25", "BTC/USD", .market, nil, "64250.10"), order(.sell, "0.10", "XBT/USD", .limit, "65000.55", "64250.10"),
    order(.sell, "2", "ETH/USD", .stop, "2900.005", "3012.25"), order(.buy, "12000", "EUR/USD", .limit, "1.09215", "1.0920"),
    order(.buy, "40", "SOL/USD", .market, nil, "140.125"),
]

let targets = TargetsSignal(
    equity: World.money("10000"), currency: "USD",
    targets: [
        .init(symbol: "BTC/USD", quantity: World.quantity("0.15"), weight: Weight(raw: 95_000_000), price: World.price("63333.33")),
        .init(symbol: "ETH/USD", quantity: World.quantity("-1.5"), weight: Weight(raw: -44_750_000), price: World.price("2983.3")),
        .init(symbol: "SOL/USD", quantity: World.quantity("0"), weight: .zero, price: World.price("140.125")),
        .init(symbol: "EUR/USD", quantity: World.quantity("12"), weight: Weight(raw: -65_500), price: World.price("1.0921")),
    ])

fuzz { bytes in
    let file = text(bytes)
    _ = try? Settings.parse(file)
    guard let settings = try? Settings.parse(file, environment: environment) else { return }
    expect((try? Settings.parse(file, environment: environment)) == settings, "parsing the same text twice differs")
    _ = settings.summary
    guard settings.mirror != nil || settings.risk != nil else { return }
    let policies = settings.mirror.map { [$0] } ?? World.orderPolicies
    let limits = settings.risk.map { [$0] } ?? World.limits
    _ = settings.mirror?.maxSignalAgeText
    for signal in orders { Mirroring.copy(signal, time: time, policies: policies, limits: limits) }
    Mirroring.hold(targets, time: time, policies: settings.mirror.map { [$0] } ?? World.targetPolicies, limits: limits)
}
