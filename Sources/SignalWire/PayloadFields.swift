import Trader

/// The members of one JSON object of a payload, read field by field. Every refusal names the
/// field by its path from the payload's top (`price`, `targets[2].weight`, `orders.chain`), so a
/// person can find it in the payload.
struct PayloadFields {
    let members: [String: JSONValue]
    /// This object's path ("" at the top).
    let path: String

    /// What a person can do about a malformed field: it comes from the publisher's side.
    static let advice = "the publisher's Signet wrote a malformed payload (ask the publisher to update)"

    init(_ members: [String: JSONValue], path: String = "") {
        self.members = members
        self.path = path
    }

    /// Reads `value` as an object at `path` (a list element).
    init(_ value: JSONValue, path: String) throws(SignalWireError) {
        guard case .object(let members) = value else {
            throw SignalWireError(.badField, field: path, "expected an object, found \(value.sketch); \(Self.advice)")
        }
        self.init(members, path: path)
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func bad(_ key: String, expected: String, found value: JSONValue) -> SignalWireError {
        SignalWireError(.badField, field: name(key), "expected \(expected), found \(value.sketch); \(Self.advice)")
    }

    func value(_ key: String) throws(SignalWireError) -> JSONValue {
        guard let value = members[key] else {
            throw SignalWireError(
                .missingField, field: name(key),
                "missing; payload version \(SignalPayload.version) requires it, so the payload is damaged or its writer incompatible "
                    + "(ask the publisher to update Signet)")
        }
        return value
    }

    func text(_ key: String) throws(SignalWireError) -> String {
        let value = try value(key)
        guard case .string(let text) = value else { throw bad(key, expected: "text", found: value) }
        return text
    }

    func integer(_ key: String, atLeast minimum: Int64 = .min) throws(SignalWireError) -> Int64 {
        let value = try value(key)
        guard let integer = value.integer, integer >= minimum else {
            throw bad(key, expected: minimum == .min ? "a whole number" : "a whole number of at least \(minimum)", found: value)
        }
        return integer
    }

    /// A decimal string as ``FixedPoint`` reads it: at most 8 decimal places, within its range.
    func decimal(_ key: String) throws(SignalWireError) -> (raw: Int64, precision: UInt8) {
        let value = try value(key)
        guard case .string(let text) = value, let decimal = FixedPoint.parse(Substring(text)) else {
            throw bad(key, expected: "a decimal string (at most 8 decimal places)", found: value)
        }
        return decimal
    }

    func quantity(_ key: String) throws(SignalWireError) -> Quantity {
        let decimal = try decimal(key)
        return Quantity(raw: decimal.raw, precision: decimal.precision)
    }

    func price(_ key: String) throws(SignalWireError) -> Price {
        let decimal = try decimal(key)
        return Price(raw: decimal.raw, precision: decimal.precision)
    }

    func money(_ key: String) throws(SignalWireError) -> Money { Money(raw: try decimal(key).raw) }

    func weight(_ key: String) throws(SignalWireError) -> Weight { Weight(raw: try decimal(key).raw) }

    func side(_ key: String) throws(SignalWireError) -> Side {
        let value = try value(key)
        guard case .string(let text) = value, let side = Side(rawValue: text) else {
            throw bad(key, expected: "\"buy\" or \"sell\"", found: value)
        }
        return side
    }

    func orderType(_ key: String) throws(SignalWireError) -> OrderSignal.OrderType {
        let value = try value(key)
        guard case .string(let text) = value, let type = OrderSignal.OrderType(rawValue: text) else {
            throw bad(key, expected: "\"market\", \"limit\" or \"stop\"", found: value)
        }
        return type
    }

    /// A list of at most `maximum` elements.
    func list(_ key: String, maximum: Int) throws(SignalWireError) -> [JSONValue] {
        let value = try value(key)
        guard case .array(let elements) = value else { throw bad(key, expected: "a list", found: value) }
        guard elements.count <= maximum else {
            throw SignalWireError(
                .badField, field: name(key), "\(elements.count) entries, more than the \(maximum) a payload may carry; \(Self.advice)")
        }
        return elements
    }

    func object(_ key: String) throws(SignalWireError) -> PayloadFields {
        let value = try value(key)
        guard case .object(let members) = value else { throw bad(key, expected: "an object", found: value) }
        return PayloadFields(members, path: name(key))
    }

    /// Text of exactly `count` lower-case hex digits (a chain value, a short digest).
    func hex(_ key: String, digits count: Int) throws(SignalWireError) -> String {
        let value = try value(key)
        guard case .string(let text) = value, Self.isLowerHex(text, digits: count) else {
            throw bad(key, expected: "\(count) lower-case hex digits", found: value)
        }
        return text
    }

    static func isLowerHex(_ text: String, digits count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
