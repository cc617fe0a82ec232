import Trader

extension SignalPayload {
    /// Largest payload ``decode(_:)`` reads, in bytes. A sealed signal carries under 3 KB, so this
    /// only stops a hostile or broken input from costing memory and time.
    public static let maxBytes = 65_536
    /// Deepest JSON nesting ``decode(_:)`` reads. Payloads nest three deep (a target in the list
    /// in the payload); the rest is room for keys a later version adds.
    public static let maxDepth = 16
    /// Most targets one `targets` payload may carry (a publisher sends one per instrument).
    public static let maxTargets = 1_000
    /// Most digests per file one `checkpoint` may carry: a publisher sends at most 48 and spreads a
    /// longer backlog over several checkpoints; the rest is headroom.
    public static let maxDigests = 64
    /// Hex digits of a checkpoint's `chain` (a 32-byte BLAKE2b value).
    public static let chainDigits = 64
    /// Hex digits of a checkpoint's line digest (its first 8 bytes).
    public static let digestDigits = 16

    /// Reads a payload strictly (docs/PROTOCOL.md section 11): at most ``maxBytes`` bytes of JSON
    /// holding one object; `v` the whole number 1; a known `kind`; every field that kind needs,
    /// with the right type (amounts as decimal strings of at most 8 places, `side` `buy` or `sell`,
    /// `type` `market`, `limit` or `stop`, `limit_price` exactly for limit and stop orders; at most
    /// ``maxTargets`` targets; a checkpoint's `lines` at least 0, `chain` 64 lower-case hex digits,
    /// at most ``maxDigests`` digests of 16 such digits and no more digests than lines). Keys it
    /// does not know are ignored, as the protocol asks, so a later version can add fields.
    ///
    /// - Throws: ``SignalWireError`` naming the offending field.
    public static func decode(_ bytes: [UInt8]) throws(SignalWireError) -> SignalPayload {
        guard bytes.count <= maxBytes else {
            throw SignalWireError(
                .tooLarge,
                "the signal payload is \(bytes.count) bytes, more than the \(maxBytes) a payload may have; it is not a Signet signal")
        }
        guard case .object(let members) = try JSONParser.parse(bytes, maxDepth: maxDepth) else {
            throw SignalWireError(.notAnObject, "the signal payload is JSON but not an object; it is not a Signet signal")
        }
        let fields = PayloadFields(members)
        try checkVersion(fields)
        let kind = try fields.text("kind")
        // A kind from a later version is reported as such before any of its fields are looked at.
        guard kinds.contains(kind) else { throw unknown(kind) }
        let time = try fields.integer("time")
        let source = try fields.text("source")
        let body: Body
        switch kind {
        case "order": body = .order(try order(fields))
        case "fill":
            body = .fill(FillSignal(
                orderID: try fields.text("order_id"), symbol: try fields.text("symbol"), side: try fields.side("side"),
                quantity: try fields.quantity("quantity"), price: try fields.price("price"), fee: try fields.money("fee")))
        case "targets": body = .targets(try targets(fields))
        case "equity":
            body = .equity(EquitySignal(
                equity: try fields.money("equity"), cash: try fields.money("cash"), currency: try fields.text("currency")))
        case "heartbeat": body = .heartbeat
        case "grant": body = .grant(try fields.text("grant"))
        case "checkpoint":
            body = .checkpoint(CheckpointSignal(
                orders: try record(fields.object("orders")), pnl: try record(fields.object("pnl")), equity: try fields.money("equity"),
                currency: try fields.text("currency")))
        default:
            throw unknown(kind)
        }
        let payload = SignalPayload(time: time, source: source, body: body)
        try payload.checkBounds()
        return payload
    }

    private static func unknown(_ kind: String) -> SignalWireError {
        SignalWireError(
            .unknownKind, field: "kind",
            "unknown signal kind \"\(kind)\" (this Signet reads \(kinds.joined(separator: ", "))); update Signet to read it")
    }

    /// `v` must be written as the whole number 1: not `1.0`, `1.9`, `"1"` or `true`, which a lax
    /// reader would take for 1 while a stricter one refuses them.
    private static func checkVersion(_ fields: PayloadFields) throws(SignalWireError) {
        let reads = "this Signet reads payload version \(version)"
        guard let value = fields.members["v"] else {
            throw SignalWireError(.unsupportedVersion, field: "v", "missing; \(reads); update Signet on both sides to the same release")
        }
        guard let number = value.integer else {
            throw SignalWireError(
                .unsupportedVersion, field: "v", "expected the whole number \(version), found \(value.sketch); \(reads); update Signet")
        }
        guard number == Int64(version) else {
            throw SignalWireError(.unsupportedVersion, field: "v", "payload version \(number) is not supported (\(reads)); update Signet")
        }
    }

    private static func order(_ fields: PayloadFields) throws(SignalWireError) -> OrderSignal {
        let type = try fields.orderType("type")
        let limit: Price?
        switch (type, fields.members["limit_price"] != nil) {
        case (.limit, _), (.stop, _): limit = try fields.price("limit_price")
        case (.market, false): limit = nil
        case (.market, true):
            throw SignalWireError(.badField, field: "limit_price", "a market order carries no limit price; \(PayloadFields.advice)")
        }
        return OrderSignal(
            id: try fields.text("order_id"), symbol: try fields.text("symbol"), side: try fields.side("side"),
            quantity: try fields.quantity("quantity"), type: type, limit: limit, price: try fields.price("price"))
    }

    private static func targets(_ fields: PayloadFields) throws(SignalWireError) -> TargetsSignal {
        let equity = try fields.money("equity")
        let currency = try fields.text("currency")
        var targets: [TargetsSignal.Target] = []
        for (index, element) in try fields.list("targets", maximum: maxTargets).enumerated() {
            let entry = try PayloadFields(element, path: "targets[\(index)]")
            targets.append(TargetsSignal.Target(
                symbol: try entry.text("symbol"), quantity: try entry.quantity("quantity"), weight: try entry.weight("weight"),
                price: try entry.price("price")))
        }
        return TargetsSignal(equity: equity, currency: currency, targets: targets)
    }

    private static func record(_ fields: PayloadFields) throws(SignalWireError) -> CheckpointSignal.RecordState {
        let lines = try fields.integer("lines", atLeast: 0)
        let chain = try fields.hex("chain", digits: chainDigits)
        var digests: [String] = []
        for (index, element) in try fields.list("digests", maximum: maxDigests).enumerated() {
            guard case .string(let digest) = element, PayloadFields.isLowerHex(digest, digits: digestDigits) else {
                throw SignalWireError(
                    .badField, field: "\(fields.name("digests"))[\(index)]",
                    "expected \(digestDigits) lower-case hex digits, found \(element.sketch); \(PayloadFields.advice)")
            }
            digests.append(digest)
        }
        guard digests.count <= lines else {
            throw SignalWireError(
                .badField, field: fields.name("digests"),
                "\(digests.count) digests for \(lines) lines, but a checkpoint has a digest per line at most; \(PayloadFields.advice)")
        }
        guard let count = Int(exactly: lines) else {
            throw fields.bad("lines", expected: "a line count this machine can hold", found: .number("\(lines)"))
        }
        return CheckpointSignal.RecordState(lines: count, chain: chain, digests: digests)
    }
}
