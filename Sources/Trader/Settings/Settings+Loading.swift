import Foundation
import Yams

extension Settings {
    /// Environment variables that override (or stand in for) secrets in the file.
    public static let secretVariables = [
        "SIGNET_KRAKEN_KEY", "SIGNET_KRAKEN_SECRET", "SIGNET_TELEGRAM_TOKEN", "SIGNET_SLACK_TOKEN", "SIGNET_SLACK_APP_TOKEN",
    ]

    /// Loads `path`; a missing file is empty settings. Anything wrong is refused with the file,
    /// line, key path and what was expected.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        guard FileManager.default.fileExists(atPath: path) else { return try parse("", file: path, environment: environment) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraderError(.io, "cannot read \(path); check its permissions")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path, environment: environment)
    }

    /// Parses settings text; `file` names it in errors.
    public static func parse(_ text: String, file: String = "settings.yml", environment: [String: String] = [:]) throws -> Settings {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw TraderError(.invalidConfiguration, "\(file) is not valid YAML: \(error)")
        }
        let reader = YAMLReader(file: file)
        var settings = Settings()
        let top = try root.map { try reader.mapping($0, path: "", allowed: ["exchange_apis", "telegram", "slack", "signals", "mirror"]) } ?? [:]
        let env = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : Secret($0) } }

        if let apis = top["exchange_apis"] {
            for (name, node) in try reader.mapping(apis, path: "exchange_apis", allowed: nil) {
                let path = "exchange_apis.\(name)"
                let fields = try reader.mapping(node, path: path, allowed: ["key", "secret", "api_url", "ws_url", "ws_auth_url", "tier"])
                let prefix = "SIGNET_\(name.uppercased())_"
                settings.exchangeAPIs[name] = ExchangeAPI(
                    key: try env(prefix + "KEY") ?? reader.secret(fields["key"], path: path + ".key", variable: prefix + "KEY"),
                    secret: try env(prefix + "SECRET") ?? reader.secret(fields["secret"], path: path + ".secret", variable: prefix + "SECRET"),
                    apiURL: try fields["api_url"].map { try reader.url($0, path: path + ".api_url") },
                    wsURL: try fields["ws_url"].map { try reader.url($0, path: path + ".ws_url", schemes: ["ws", "wss"]) },
                    wsAuthURL: try fields["ws_auth_url"].map { try reader.url($0, path: path + ".ws_auth_url", schemes: ["ws", "wss"]) },
                    tier: try fields["tier"].map { try reader.string($0, path: path + ".tier") })
            }
        }
        if let node = top["telegram"] {
            let fields = try reader.mapping(node, path: "telegram", allowed: ["token", "chat_id", "signed_chat_id", "api_url", "pacing"])
            settings.telegram = Telegram(
                token: try env("SIGNET_TELEGRAM_TOKEN") ?? reader.secret(fields["token"], path: "telegram.token", variable: "SIGNET_TELEGRAM_TOKEN"),
                chatID: try reader.string(reader.required(fields["chat_id"], path: "telegram.chat_id"), path: "telegram.chat_id"),
                apiURL: try fields["api_url"].map { try reader.url($0, path: "telegram.api_url") },
                pacing: try fields["pacing"].map { try reader.bool($0, path: "telegram.pacing") } ?? true,
                signedChatID: try fields["signed_chat_id"].map { try reader.string($0, path: "telegram.signed_chat_id") })
        }
        if let node = top["slack"] {
            let fields = try reader.mapping(node, path: "slack", allowed: ["token", "app_token", "channel", "api_url", "pacing"])
            settings.slack = Slack(
                token: try env("SIGNET_SLACK_TOKEN") ?? reader.secret(fields["token"], path: "slack.token", variable: "SIGNET_SLACK_TOKEN"),
                appToken: try env("SIGNET_SLACK_APP_TOKEN") ?? fields["app_token"].map { try Secret(reader.string($0, path: "slack.app_token")) },
                channel: try reader.string(reader.required(fields["channel"], path: "slack.channel"), path: "slack.channel"),
                apiURL: try fields["api_url"].map { try reader.url($0, path: "slack.api_url") },
                pacing: try fields["pacing"].map { try reader.bool($0, path: "slack.pacing") } ?? true)
        }
        if let node = top["signals"] {
            let fields = try reader.mapping(node, path: "signals", allowed: ["identity", "keys", "channels", "outputs", "charts", "chart_interval", "checkpoint_every"])
            settings.signals = Signals(
                identity: try reader.string(reader.required(fields["identity"], path: "signals.identity"), path: "signals.identity"),
                keys: try fields["keys"].map { try reader.string($0, path: "signals.keys") } ?? "keys",
                channels: try reader.strings(reader.required(fields["channels"], path: "signals.channels"), path: "signals.channels"),
                outputs: try fields["outputs"].map { try reader.strings($0, path: "signals.outputs") } ?? [],
                charts: try fields["charts"].map { try reader.bool($0, path: "signals.charts") } ?? true,
                chartInterval: try fields["chart_interval"].map { try reader.integer($0, path: "signals.chart_interval") } ?? 60,
                checkpointEvery: try fields["checkpoint_every"].map { try reader.integer($0, path: "signals.checkpoint_every") } ?? 10)
            if let interval = settings.signals?.chartInterval, interval < 0 {
                throw reader.error(fields["chart_interval"], "signals.chart_interval", "expected 0 or more seconds, found \(interval)")
            }
            if let every = settings.signals?.checkpointEvery, every < 0 {
                throw reader.error(fields["checkpoint_every"], "signals.checkpoint_every", "expected 0 (no checkpoints) or a number of steps, found \(every)")
            }
            for output in settings.signals?.outputs ?? [] where !["telegram", "telegram-signed", "slack"].contains(output) {
                throw TraderError(
                    .invalidConfiguration,
                    "\(file): signals.outputs: unknown output '\(output)'; use telegram (sealed lines), telegram-signed (readable text with a signature line, for a public channel) and/or slack")
            }
        }
        if let node = top["mirror"] {
            settings.mirror = try reader.mirror(node)
        }
        return settings
    }
}

/// Walks a YAML node tree with the path and line of every value, for errors people can act on.
struct YAMLReader {
    let file: String

    func error(_ node: Node?, _ path: String, _ message: String) -> TraderError {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        return TraderError(.invalidConfiguration, "\(file)\(line): \(path.isEmpty ? "top level" : path): \(message)")
    }

    /// A mapping; with `allowed`, any other key is refused (with a suggestion for a likely typo).
    func mapping(_ node: Node, path: String, allowed: Set<String>?) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw error(node, path, "expected a mapping of key: value, found \(kind(node))") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else { throw error(keyNode, path, "keys must be plain text") }
            let full = path.isEmpty ? key.string : "\(path).\(key.string)"
            if let allowed, !allowed.contains(key.string) {
                let guess = allowed.min { distance($0, key.string) < distance($1, key.string) }
                let close = { (candidate: String) in
                    distance(candidate, key.string) <= 2 || candidate.hasPrefix(key.string) || key.string.hasPrefix(candidate)
                }
                let hint = (guess.flatMap { close($0) ? $0 : nil } ?? allowed.sorted().first(where: close)).map { " (did you mean \($0)?)" } ?? ""
                throw error(keyNode, full, "unknown key\(hint); expected one of: \(allowed.sorted().joined(separator: ", "))")
            }
            guard result[key.string] == nil else { throw error(keyNode, full, "appears twice") }
            result[key.string] = value
        }
        return result
    }

    func required(_ node: Node?, path: String) throws -> Node {
        guard let node else { throw error(nil, path, "is required") }
        return node
    }

    func string(_ node: Node, path: String) throws -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw error(node, path, "expected text, found \(kind(node))")
        }
        return scalar.string
    }

    func strings(_ node: Node, path: String) throws -> [String] {
        guard case .sequence(let items) = node else { throw error(node, path, "expected a list, found \(kind(node))") }
        return try items.enumerated().map { try string($0.element, path: "\(path)[\($0.offset)]") }
    }

    func secret(_ node: Node?, path: String, variable: String) throws -> Secret {
        guard let node else { throw error(nil, path, "is required (or set the environment variable \(variable))") }
        return Secret(try string(node, path: path))
    }

    func url(_ node: Node, path: String, schemes: [String] = ["http", "https"]) throws -> String {
        let text = try string(node, path: path)
        guard let url = URL(string: text), schemes.contains(url.scheme ?? ""), url.host != nil else {
            let kind = schemes.contains("wss") ? "a ws or wss URL such as wss://ws-auth.kraken.com/v2" : "an http(s) URL such as https://api.telegram.org"
            throw error(node, path, "expected \(kind), found '\(text)'")
        }
        return text
    }

    func bool(_ node: Node, path: String) throws -> Bool {
        guard case .scalar(let scalar) = node, let value = Bool(scalar.string.lowercased()) else {
            throw error(node, path, "expected true or false, found \(kind(node))")
        }
        return value
    }

    func integer(_ node: Node, path: String) throws -> Int64 {
        guard case .scalar(let scalar) = node, let value = Int64(scalar.string), value >= 0 else {
            throw error(node, path, "expected a whole number of 0 or more, found \(kind(node))")
        }
        return value
    }

    func decimal<T>(_ node: Node, path: String, _ make: (String) -> T?) throws -> T {
        guard case .scalar(let scalar) = node, let value = make(scalar.string) else {
            throw error(node, path, "expected a decimal number, found \(kind(node))")
        }
        return value
    }

    func mirror(_ node: Node) throws -> Settings.Mirror {
        let fields = try mapping(node, path: "mirror", allowed: [
            "mode", "multiplier", "symbol_map", "allow", "deny", "max_position", "max_notional", "reverse", "max_signal_age",
            "max_price_deviation", "dry_run",
        ])
        let modeText = try fields["mode"].map { try string($0, path: "mirror.mode") } ?? "target"
        guard let mode = Settings.Mirror.Mode(rawValue: modeText) else {
            throw error(fields["mode"], "mirror.mode", "expected target or orders, found '\(modeText)'")
        }
        func textMap(_ key: String) throws -> [String: String] {
            guard let node = fields[key] else { return [:] }
            return try mapping(node, path: "mirror.\(key)", allowed: nil).reduce(into: [:]) { $0[$1.key] = try string($1.value, path: "mirror.\(key).\($1.key)") }
        }
        var maxPosition: [String: Quantity] = [:]
        let limits: [String: Node] = try fields["max_position"].map { try mapping($0, path: "mirror.max_position", allowed: nil) } ?? [:]
        for (symbol, value) in limits {
            maxPosition[symbol] = try decimal(value, path: "mirror.max_position.\(symbol)") { Quantity($0) }
        }
        let multiplier = try fields["multiplier"].map { try string($0, path: "mirror.multiplier") }
        if let multiplier, multiplier != "equity", (Quantity(multiplier)?.raw ?? 0) <= 0 {
            throw error(fields["multiplier"], "mirror.multiplier", "expected equity or a positive decimal such as 0.5, found '\(multiplier)'")
        }
        return Settings.Mirror(
            mode: mode, multiplier: multiplier, symbolMap: try textMap("symbol_map"),
            allow: try fields["allow"].map { try strings($0, path: "mirror.allow") } ?? [],
            deny: try fields["deny"].map { try strings($0, path: "mirror.deny") } ?? [], maxPosition: maxPosition,
            maxNotional: try fields["max_notional"].map { try decimal($0, path: "mirror.max_notional") { Money($0) } },
            reverse: try fields["reverse"].map { try bool($0, path: "mirror.reverse") } ?? false,
            maxSignalAge: try fields["max_signal_age"].map { try integer($0, path: "mirror.max_signal_age") },
            maxPriceDeviation: try fields["max_price_deviation"].map { try integer($0, path: "mirror.max_price_deviation") },
            dryRun: try fields["dry_run"].map { try bool($0, path: "mirror.dry_run") } ?? false)
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Levenshtein distance, for "did you mean".
    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
