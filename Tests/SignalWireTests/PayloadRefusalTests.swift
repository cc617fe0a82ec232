import Foundation
import SignalWire
import Testing

/// One malformed payload and how it must be refused.
struct Malformed: Sendable, CustomTestStringConvertible {
    var name: String
    var json: String
    var code: SignalWireError.Code
    /// The field the refusal names (nil: the payload as a whole).
    var field: String?
    /// Whether the fragment to replace was found in the base payload (a test-table typo otherwise).
    var applies = true

    var testDescription: String { name }

    static let fill = [
        #"{"fee":"1.60","kind":"fill","order_id":"sma-12","price":"64250.10","quantity":"0.25","side":"buy","#,
        #""source":"desk-btc","symbol":"BTC/USD","time":1763700000000,"v":1}"#,
    ].joined()
    static let order = [
        #"{"kind":"order","limit_price":"65000.5","order_id":"sma-13","price":"64250.10","quantity":"0.10","side":"sell","#,
        #""source":"desk-btc","symbol":"BTC/USD","time":1763700000000,"type":"limit","v":1}"#,
    ].joined()
    static let targets = [
        #"{"currency":"USD","equity":"20000.00","kind":"targets","source":"desk-multi","targets":["#,
        #"{"price":"50000","quantity":"0.38","symbol":"BTC/USD","weight":"0.95"},"#,
        #"{"price":"2500.5","quantity":"-3.579","symbol":"ETH/USD","weight":"-0.4475"},"#,
        #"{"price":"140","quantity":"0","symbol":"SOL/USD","weight":"0"}],"time":1763700000000,"v":1}"#,
    ].joined()
    static let chain = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    static let checkpoint = [
        #"{"currency":"USD","equity":"10012.345","kind":"checkpoint","#,
        #""orders":{"chain":"\#(chain)","digests":["0123456789abcdef","fedcba9876543210"],"lines":12},"#,
        #""pnl":{"chain":"\#(chain)","digests":[],"lines":5},"source":"desk-btc","time":1763700000000,"v":1}"#,
    ].joined()

    /// `base` with `fragment` replaced (which must occur in it).
    init(_ name: String, _ base: String, _ fragment: String, _ replacement: String, _ code: SignalWireError.Code, field: String?) {
        self.init(name: name, json: base.replacingOccurrences(of: fragment, with: replacement), code: code, field: field)
        applies = base.contains(fragment)
    }

    init(name: String, json: String, code: SignalWireError.Code, field: String?) {
        self.name = name
        self.json = json
        self.code = code
        self.field = field
    }

    static let all: [Malformed] = [
        Malformed("v 1.9", fill, #""v":1"#, #""v":1.9"#, .unsupportedVersion, field: "v"),
        Malformed("v 1.0", fill, #""v":1"#, #""v":1.0"#, .unsupportedVersion, field: "v"),
        Malformed(#"v "1""#, fill, #""v":1"#, #""v":"1""#, .unsupportedVersion, field: "v"),
        Malformed("v true", fill, #""v":1"#, #""v":true"#, .unsupportedVersion, field: "v"),
        Malformed("v missing", fill, #","v":1"#, "", .unsupportedVersion, field: "v"),
        Malformed("v 2", fill, #""v":1"#, #""v":2"#, .unsupportedVersion, field: "v"),
        Malformed("unknown kind", fill, #""kind":"fill""#, #""kind":"bonus""#, .unknownKind, field: "kind"),
        Malformed("kind missing", fill, #""kind":"fill","#, "", .missingField, field: "kind"),
        Malformed("time not whole", fill, "1763700000000", "1763700000000.5", .badField, field: "time"),
        Malformed("order_id missing", fill, #""order_id":"sma-12","#, "", .missingField, field: "order_id"),
        Malformed("fee missing", fill, #""fee":"1.60","#, "", .missingField, field: "fee"),
        Malformed("price a JSON number", fill, #""price":"64250.10""#, #""price":64250.10"#, .badField, field: "price"),
        Malformed("quantity with 9 decimals", fill, #""quantity":"0.25""#, #""quantity":"0.250000001""#, .badField, field: "quantity"),
        Malformed("quantity not a decimal", fill, #""quantity":"0.25""#, #""quantity":"1/4""#, .badField, field: "quantity"),
        Malformed("side hold", fill, #""side":"buy""#, #""side":"hold""#, .badField, field: "side"),
        Malformed("side in capitals", fill, #""side":"buy""#, #""side":"BUY""#, .badField, field: "side"),
        Malformed("type iceberg", order, #""type":"limit""#, #""type":"iceberg""#, .badField, field: "type"),
        Malformed("limit order without a limit price", order, #""limit_price":"65000.5","#, "", .missingField, field: "limit_price"),
        Malformed("market order with a limit price", order, #""type":"limit""#, #""type":"market""#, .badField, field: "limit_price"),
        Malformed("weight a JSON number", targets, #""weight":"0""#, #""weight":0"#, .badField, field: "targets[2].weight"),
        Malformed("target not an object", targets, #"{"price":"140","quantity":"0","symbol":"SOL/USD","weight":"0"}"#, "7",
                  .badField, field: "targets[2]"),
        Malformed(
            name: "targets not a list",
            json: #"{"currency":"USD","equity":"1","kind":"targets","source":"s","targets":{},"time":1,"v":1}"#,
            code: .badField, field: "targets"),
        Malformed("chain of 63 digits", checkpoint, "\(chain)\",\"digests\":[\"0", "\(chain.dropLast())\",\"digests\":[\"0",
                  .badField, field: "orders.chain"),
        Malformed("chain in capitals", checkpoint, "\(chain)\",\"digests\":[]", "\(chain.uppercased())\",\"digests\":[]",
                  .badField, field: "pnl.chain"),
        Malformed("digest too short", checkpoint, #""fedcba9876543210""#, #""fedcba987654321""#, .badField, field: "orders.digests[1]"),
        Malformed("more digests than lines", checkpoint, #""lines":12"#, #""lines":1"#, .badField, field: "orders.digests"),
        Malformed("negative lines", checkpoint, #""lines":5"#, #""lines":-5"#, .badField, field: "pnl.lines"),
        // Bounds: amounts a trade can have, weights a subscriber would follow, symbols, times.
        Malformed("zero quantity", fill, #""quantity":"0.25""#, #""quantity":"0""#, .badField, field: "quantity"),
        Malformed("negative quantity", order, #""quantity":"0.10""#, #""quantity":"-0.10""#, .badField, field: "quantity"),
        Malformed("zero limit price", order, #""limit_price":"65000.5""#, #""limit_price":"0""#, .badField, field: "limit_price"),
        Malformed("negative fill price", fill, #""price":"64250.10""#, #""price":"-1""#, .badField, field: "price"),
        Malformed("negative fee", fill, #""fee":"1.60""#, #""fee":"-1.60""#, .badField, field: "fee"),
        Malformed("weight of 1000 x equity", targets, #""weight":"0.95""#, #""weight":"1000""#, .badField, field: "targets[0].weight"),
        Malformed("zero target price", targets, #""price":"140""#, #""price":"0""#, .badField, field: "targets[2].price"),
        Malformed("symbol without a quote", fill, #""symbol":"BTC/USD""#, #""symbol":"BTCUSD""#, .badField, field: "symbol"),
        Malformed("symbol with a space", order, #""symbol":"BTC/USD""#, #""symbol":"BTC /USD""#, .badField, field: "symbol"),
        Malformed("time 0", fill, "1763700000000", "0", .badField, field: "time"),
        Malformed("time Int64.max", fill, "1763700000000", "9223372036854775807", .badField, field: "time"),
        Malformed("duplicate key", fill, #""v":1"#, #""v":1,"v":2"#, .notJSON, field: nil),
        Malformed("trailing content", fill, #""v":1}"#, #""v":1}{}"#, .notJSON, field: nil),
        Malformed(name: "not JSON", json: "sig1.AAAA", code: .notJSON, field: nil),
        Malformed(name: "truncated", json: String(fill.dropLast(3)), code: .notJSON, field: nil),
        Malformed(
            name: "a raw line break in a string", json: #"{"kind":"grant","grant":"a"# + "\n" + #"b"}"#, code: .notJSON, field: nil),
        Malformed(
            name: "a lone surrogate", json: #"{"v":1,"kind":"heartbeat","time":1,"source":"\ud800"}"#, code: .notJSON, field: nil),
        Malformed(name: "not an object", json: #"[{"v":1}]"#, code: .notAnObject, field: nil),
        Malformed(name: "a bare string", json: #""heartbeat""#, code: .notAnObject, field: nil),
        Malformed(
            name: "nested too deep", json: #"{"v":1,"x":"# + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "}",
            code: .notJSON, field: nil),
    ]
}

@Suite("Signal payloads: what is refused")
struct PayloadRefusalTests {
    @Test(arguments: Malformed.all)
    func malformedPayloadsAreRefusedNamingTheField(malformed: Malformed) {
        #expect(malformed.applies, "the fragment to replace is not in the payload")
        do {
            let payload = try SignalPayload.decode(Array(malformed.json.utf8))
            Issue.record("read as \(payload)")
        } catch {
            #expect(error.code == malformed.code, "\(error)")
            #expect(error.field == malformed.field, "\(error)")
            if let field = malformed.field { #expect(error.message.hasPrefix("\(field): "), "\(error)") }
        }
    }

    @Test func eachRefusalSaysWhatIsWrongAndWhatToDo() throws {
        let fill = Malformed.fill
        let version = refusal(fill.replacingOccurrences(of: #""v":1"#, with: #""v":2"#))
        #expect(
            version?.description
                == "v: payload version 2 is not supported (this Signet reads payload version 1); update Signet [unsupportedVersion]")
        let text = refusal(fill.replacingOccurrences(of: #""v":1"#, with: #""v":"1""#))
        #expect(text?.message.contains(#"found "1" (text); this Signet reads payload version 1"#) == true, "\(String(describing: text))")
        let weight = refusal(Malformed.targets.replacingOccurrences(of: #""weight":"0""#, with: #""weight":0"#))
        let expected = "targets[2].weight: expected a decimal string (at most 8 decimal places), found 0 (a number)"
        #expect(weight?.message.hasPrefix(expected) == true, "\(String(describing: weight))")
        let kind = refusal(fill.replacingOccurrences(of: #""kind":"fill""#, with: #""kind":"bonus""#))
        #expect(kind?.message.contains("update Signet") == true)
    }

    @Test func payloadsLargerThanTheBoundAreRefusedBeforeTheyAreRead() {
        let large = Array(#"{"v":1,"kind":"grant","time":1,"source":"s","grant":""#.utf8)
            + [UInt8](repeating: UInt8(ascii: "a"), count: SignalPayload.maxBytes) + Array(#""}"#.utf8)
        #expect(refusal(large)?.code == .tooLarge)
        let justFits = Array(#"{"v":1,"kind":"grant","time":1,"source":"s","grant":""#.utf8)
        let filler = [UInt8](repeating: UInt8(ascii: "a"), count: SignalPayload.maxBytes - justFits.count - 2)
        #expect(throws: Never.self) { try SignalPayload.decode(justFits + filler + Array(#""}"#.utf8)) }
    }

    @Test func moreTargetsThanTheBoundAreRefused() {
        let one = #"{"price":"1","quantity":"1","symbol":"A/B","weight":"0"}"#
        let many = #"{"currency":"USD","equity":"1","kind":"targets","source":"s","targets":["#
            + Array(repeating: one, count: SignalPayload.maxTargets + 1).joined(separator: ",") + #"],"time":1,"v":1}"#
        let error = refusal(many)
        #expect(error?.code == .badField && error?.field == "targets", "\(String(describing: error))")
        let enough = #"{"currency":"USD","equity":"1","kind":"targets","source":"s","targets":["#
            + Array(repeating: one, count: SignalPayload.maxTargets).joined(separator: ",") + #"],"time":1,"v":1}"#
        #expect(refusal(enough) == nil)
    }

    @Test func moreDigestsThanTheBoundAreRefused() {
        let digests = Array(repeating: #""0123456789abcdef""#, count: SignalPayload.maxDigests + 1).joined(separator: ",")
        let json = Malformed.checkpoint.replacingOccurrences(of: #""digests":[],"lines":5"#, with: #""digests":[\#(digests)],"lines":500"#)
        let error = refusal(json)
        #expect(error?.code == .badField && error?.field == "pnl.digests", "\(String(describing: error))")
    }

    private func refusal(_ json: String) -> SignalWireError? { refusal(Array(json.utf8)) }

    private func refusal(_ bytes: [UInt8]) -> SignalWireError? {
        do {
            _ = try SignalPayload.decode(bytes)
            return nil
        } catch {
            return error
        }
    }
}
