import Foundation
import Yams

/// One mapping of `settings.yml` (the top level or a section such as `telegram:`), read with the
/// file, line and key path of every value, so that a mistake is refused with where it is and what
/// was expected. Each module reads the section it owns with it; only this type knows YAML.
///
/// Errors never echo a value that could be a secret: ``secret(_:variable:environment:)`` never
/// prints what it read, and YAML syntax errors name the line only.
public struct SettingsSection {
    /// The file name used in messages.
    public let file: String
    /// The key path of this mapping (`""` for the top level, `exchange_apis.Kraken`).
    public let path: String
    let node: Node
    let fields: [String: Node]

    /// Parses settings text into its top-level mapping; an empty text is an empty mapping.
    public static func parse(_ text: String, file: String, allowed: Set<String>) throws -> SettingsSection {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw TraderError(.invalidConfiguration, "\(file) is not valid YAML\(Self.position(of: error)); fix the syntax there")
        } catch {
            throw TraderError(.invalidConfiguration, "\(file) is not valid YAML; fix its syntax")
        }
        let node = root ?? Node.mapping(Node.Mapping([]))
        return try SettingsSection(file: file, path: "", node: node, allowed: allowed)
    }

    init(file: String, path: String, node: Node, allowed: Set<String>?) throws {
        self.file = file
        self.path = path
        self.node = node
        self.fields = try Self.mapping(node, file: file, path: path, allowed: allowed)
    }

    /// The keys present, sorted.
    public var keys: [String] { fields.keys.sorted() }

    /// Whether `key` is present.
    public func has(_ key: String) -> Bool { fields[key] != nil }

    /// The full key path of `key` in this section.
    public func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error about `key` (or this section when nil), with the file, the line (when the key is
    /// present) and the key path.
    public func error(_ key: String?, _ message: String) -> TraderError {
        let at: Node? = key.map { fields[$0] } ?? node
        let line = at?.mark.map { ":\($0.line)" } ?? ""
        let place = key.map(path(of:)) ?? (path.isEmpty ? "top level" : path)
        return TraderError(.invalidConfiguration, "\(file)\(line): \(place): \(message)")
    }

    /// A nested mapping, or nil when absent; with `allowed`, any other key is refused.
    public func section(_ key: String, allowed: Set<String>?) throws -> SettingsSection? {
        guard let node = fields[key] else { return nil }
        return try SettingsSection(file: file, path: path(of: key), node: node, allowed: allowed)
    }

    /// The nested mappings of a mapping of names (`exchange_apis: {Kraken: {…}}`), by name.
    public func sections(_ key: String, allowedNames: Set<String>?, allowed: Set<String>?) throws -> [String: SettingsSection] {
        guard let outer = try section(key, allowed: allowedNames) else { return [:] }
        var result: [String: SettingsSection] = [:]
        for name in outer.keys {
            result[name] = try outer.section(name, allowed: allowed)
        }
        return result
    }

    /// Required text.
    public func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw error(key, "is required") }
        return value
    }

    /// Text, or nil when absent.
    public func optionalString(_ key: String) throws -> String? {
        guard let node = fields[key] else { return nil }
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw error(key, "expected text, found \(Self.kind(node))")
        }
        return scalar.string
    }

    /// A list of text, or nil when absent.
    public func strings(_ key: String) throws -> [String]? {
        guard let node = fields[key] else { return nil }
        guard case .sequence(let items) = node else { throw error(key, "expected a list, found \(Self.kind(node))") }
        return try items.enumerated().map { item in
            guard case .scalar(let scalar) = item.element, !scalar.string.isEmpty else {
                throw error(key, "[\(item.offset)]: expected text, found \(Self.kind(item.element))")
            }
            return scalar.string
        }
    }

    /// A credential: the environment variable `variable` when set, else the key (required).
    /// Returned as text for the owning module to wrap; never part of an error message.
    public func secret(_ key: String, variable: String, environment: [String: String]) throws -> String {
        if let value = environment[variable], !value.isEmpty { return value }
        guard fields[key] != nil else {
            throw error(key, "is required (or set the environment variable \(variable))")
        }
        guard case .scalar(let scalar) = fields[key], !scalar.string.isEmpty else {
            throw error(key, "expected text (the credential)")
        }
        return scalar.string
    }

    /// An optional credential: the environment variable when set, else the key when present.
    public func optionalSecret(_ key: String, variable: String, environment: [String: String]) throws -> String? {
        if let value = environment[variable], !value.isEmpty { return value }
        guard fields[key] != nil else { return nil }
        return try secret(key, variable: variable, environment: [:])
    }

    /// A URL whose scheme is one of `schemes`, or nil when absent.
    public func url(_ key: String, schemes: [String] = ["http", "https"]) throws -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard let url = URL(string: text), schemes.contains(url.scheme ?? ""), url.host != nil else {
            let kind = schemes.contains("wss")
                ? "a ws or wss URL such as wss://ws-auth.kraken.com/v2" : "an http(s) URL such as https://api.telegram.org"
            throw error(key, "expected \(kind), found '\(text)'")
        }
        return text
    }

    /// `true` or `false`, or `fallback` when absent.
    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let node = fields[key] else { return fallback }
        guard case .scalar(let scalar) = node, let value = Bool(scalar.string.lowercased()) else {
            throw error(key, "expected true or false, found \(Self.kind(node))")
        }
        return value
    }

    /// A whole number of 0 or more, or nil when absent.
    public func integer(_ key: String) throws -> Int64? {
        guard let node = fields[key] else { return nil }
        guard case .scalar(let scalar) = node, let value = Int64(scalar.string), value >= 0 else {
            throw error(key, "expected a whole number of 0 or more, found \(Self.kind(node))")
        }
        return value
    }

    /// A decimal number made by `make` (nil from `make` is refused), or nil when absent.
    public func decimal<T>(_ key: String, _ make: (String) -> T?) throws -> T? {
        guard let node = fields[key] else { return nil }
        guard case .scalar(let scalar) = node, let value = make(scalar.string) else {
            throw error(key, "expected a decimal number, found \(Self.kind(node))")
        }
        return value
    }

    /// A mapping of names to text (`symbol_map`), empty when absent.
    public func textMap(_ key: String) throws -> [String: String] {
        guard let inner = try section(key, allowed: nil) else { return [:] }
        var result: [String: String] = [:]
        for name in inner.keys { result[name] = try inner.string(name) }
        return result
    }

    /// A mapping of names to decimals (`max_position`), empty when absent.
    public func decimalMap<T>(_ key: String, _ make: (String) -> T?) throws -> [String: T] {
        guard let inner = try section(key, allowed: nil) else { return [:] }
        var result: [String: T] = [:]
        for name in inner.keys { result[name] = try inner.decimal(name, make) }
        return result
    }
}
