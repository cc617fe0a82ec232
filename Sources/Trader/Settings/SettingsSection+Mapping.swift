import Yams

extension SettingsSection {
    /// A mapping's values by key; with `allowed`, any other key is refused (with a suggestion for a
    /// likely typo), and a key given twice is refused.
    static func mapping(_ node: Node, file: String, path: String, allowed: Set<String>?) throws -> [String: Node] {
        func error(_ at: Node?, _ place: String, _ message: String) -> TraderError {
            let line = at?.mark.map { ":\($0.line)" } ?? ""
            return TraderError(.invalidConfiguration, "\(file)\(line): \(place.isEmpty ? "top level" : place): \(message)")
        }
        guard case .mapping(let mapping) = node else {
            throw error(node, path, "expected a mapping of key: value, found \(kind(node))")
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else { throw error(keyNode, path, "keys must be plain text") }
            let full = path.isEmpty ? key.string : "\(path).\(key.string)"
            if let allowed, !allowed.contains(key.string) {
                throw error(
                    keyNode, full,
                    "unknown key\(hint(for: key.string, among: allowed)); expected one of: \(allowed.sorted().joined(separator: ", "))")
            }
            guard result[key.string] == nil else { throw error(keyNode, full, "appears twice") }
            result[key.string] = value
        }
        return result
    }

    /// ` (did you mean chat_id?)` for a key close to an allowed one, else nothing.
    static func hint(for key: String, among allowed: Set<String>) -> String {
        let words = Set(key.split(separator: "_"))
        let close = { (candidate: String) in
            distance(candidate, key) <= 2 || candidate.hasPrefix(key) || key.hasPrefix(candidate)
                || (words.count > 1 && words.isSubset(of: Set(candidate.split(separator: "_"))))
        }
        let guess = allowed.min { distance($0, key) < distance($1, key) }
        return (guess.flatMap { close($0) ? $0 : nil } ?? allowed.sorted().first(where: close)).map { " (did you mean \($0)?)" } ?? ""
    }

    /// What a node is, for messages. A scalar is shown, so this is never used for a credential's key.
    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// ` at line 3, column 7` from a YAML syntax error, without the offending text (it may hold a token).
    static func position(of error: YamlError) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            " at line \(mark.line), column \(mark.column)"
        default:
            ""
        }
    }

    /// Levenshtein distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
