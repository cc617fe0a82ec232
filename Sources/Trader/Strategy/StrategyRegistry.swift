/// The built-in strategies, by the names the CLI uses, built from `--param key=value` pairs.
public enum StrategyRegistry {
    /// Names and the parameters each accepts, for help and errors.
    public static let catalogue: [(name: String, parameters: String)] = [
        ("sma-cross", "fast=10 slow=30 long_only=false weight=0.95"),
        ("dca", "amount=100 (quote currency per rebalance)"),
        ("rebalance", "weights=0.6 or weights=0.5,0.3 (one per instrument, in --data order) band=0.01"),
    ]

    /// Builds strategy `name` for `instruments` from `parameters`; unknown names or keys are refused.
    public static func make(_ name: String, parameters: [String: String], instruments: Int) throws -> any Strategy & Sendable {
        var reader = ParameterReader(strategy: name, parameters: parameters)
        let strategy: any Strategy & Sendable
        switch name {
        case "sma-cross":
            strategy = try SMACross(
                fast: try reader.int("fast", default: 10), slow: try reader.int("slow", default: 30),
                longOnly: try reader.bool("long_only", default: false),
                weight: try reader.weight("weight", default: Weight(raw: 95_000_000)))
        case "dca":
            strategy = try DollarCostAveraging(amount: try reader.money("amount", default: Money(units: 100)))
        case "rebalance":
            let text = try reader.string("weights", default: "")
            let weights = try text.split(separator: ",").map { part -> Weight in
                guard let weight = Weight(part.trimmingCharacters()) else {
                    throw TraderError(.invalidStrategy, "rebalance: weight '\(part)' is not a decimal number")
                }
                return weight
            }
            guard weights.count == instruments else {
                throw TraderError(
                    .invalidStrategy,
                    "rebalance needs one weight per instrument: \(instruments) instrument(s), \(weights.count) weight(s) "
                        + "in weights=\(text)")
            }
            strategy = try Rebalance(weights: weights, band: try reader.weight("band", default: Weight(raw: 1_000_000)))
        default:
            throw TraderError(
                .invalidStrategy, "unknown strategy '\(name)'; built-in strategies: \(catalogue.map(\.name).joined(separator: ", "))")
        }
        try reader.checkAllUsed()
        return strategy
    }
}

/// Reads typed parameters and remembers which were used, so a mistyped key is an error.
struct ParameterReader {
    let strategy: String
    let parameters: [String: String]
    private var used: Set<String> = []

    init(strategy: String, parameters: [String: String]) {
        self.strategy = strategy
        self.parameters = parameters
    }

    mutating func string(_ key: String, default value: String) throws -> String {
        used.insert(key)
        return parameters[key] ?? value
    }

    mutating func int(_ key: String, default value: Int) throws -> Int {
        let text = try string(key, default: String(value))
        guard let number = Int(text) else { throw invalid(key, text, "a whole number") }
        return number
    }

    mutating func bool(_ key: String, default value: Bool) throws -> Bool {
        switch try string(key, default: String(value)) {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        case let text: throw invalid(key, text, "true or false")
        }
    }

    mutating func weight(_ key: String, default value: Weight) throws -> Weight {
        used.insert(key)
        guard let text = parameters[key] else { return value }
        guard let weight = Weight(text) else { throw invalid(key, text, "a decimal fraction such as 0.5") }
        return weight
    }

    mutating func money(_ key: String, default value: Money) throws -> Money {
        used.insert(key)
        guard let text = parameters[key] else { return value }
        guard let money = Money(text) else { throw invalid(key, text, "a decimal amount such as 100 or 250.50") }
        return money
    }

    func checkAllUsed() throws {
        let unknown = Set(parameters.keys).subtracting(used).sorted()
        guard unknown.isEmpty else {
            let accepted = StrategyRegistry.catalogue.first { $0.name == strategy }?.parameters ?? ""
            throw TraderError(.invalidStrategy, "\(strategy) does not take \(unknown.joined(separator: ", ")); it accepts: \(accepted)")
        }
    }

    private func invalid(_ key: String, _ text: String, _ expected: String) -> TraderError {
        TraderError(.invalidStrategy, "\(strategy): \(key)=\(text) is not valid; expected \(expected)")
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
