/// A parsed JSON value, as much of JSON as a signal payload needs and no more. Numbers keep their
/// literal text: a payload's only numbers are whole (`v`, `time`, `lines`), and keeping the text
/// lets the reader tell `1` from `1.0` or `1e0`, which a floating-point reading would not.
indirect enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    /// The number's literal text, checked against JSON's number grammar.
    case number(String)
    case bool(Bool)
    case null

    /// A short description of the value for error messages: `"0.25"` (quoted, cut after 40
    /// characters), `1.9`, `true`, `null`, `a list`, `an object`.
    var sketch: String {
        switch self {
        case .object: "an object"
        case .array: "a list"
        case .string(let text):
            text.count > 40 ? "\"\(text.prefix(40))…\" (text)" : "\"\(text)\" (text)"
        case .number(let text): text.count > 40 ? "\(text.prefix(40))… (a number)" : "\(text) (a number)"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }

    /// The value as a whole number, if it is written as one (no fraction, no exponent) and fits.
    var integer: Int64? {
        guard case .number(let text) = self, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
        return Int64(text)
    }
}
