import SignalWire
import Testing
import Trader

/// What the publisher's `Signal.json()` wrote before this module replaced it, byte for byte, for
/// one payload of every kind: taken from that code (keys sorted by `JSONSerialization` with
/// `.sortedKeys, .withoutEscapingSlashes`) before it was deleted. Outboxes store sealed bytes and
/// resend them, so the encoder must never drift from these.
struct GoldenPayload: Sendable, CustomTestStringConvertible {
    var name: String
    var payload: SignalPayload
    var json: String
    var summary: String

    var testDescription: String { name }

    static let time: Int64 = 1_763_700_000_000
    static let chainA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    static let chainB = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

    static func price(_ text: String) -> Price { Price(text) ?? .zero }
    static func quantity(_ text: String) -> Quantity { Quantity(text) ?? .zero }
    static func money(_ text: String) -> Money { Money(text) ?? .zero }
    static func weight(_ text: String) -> Weight { Weight(text) ?? .zero }

    static let all: [GoldenPayload] = [
        GoldenPayload(
            name: "market order",
            payload: SignalPayload(time: time, source: "desk-btc", body: .order(OrderSignal(
                id: "sma-12", symbol: "BTC/USD", side: .buy, quantity: quantity("0.25"), type: .market, limit: nil,
                price: price("64250.10")))),
            json: [
                #"{"kind":"order","order_id":"sma-12","price":"64250.10","quantity":"0.25","side":"buy","source":"desk-btc","#,
                #""symbol":"BTC/USD","time":1763700000000,"type":"market","v":1}"#,
            ].joined(),
            summary: "BUY 0.25 BTC/USD market (order sma-12)"),
        GoldenPayload(
            name: "limit order",
            payload: SignalPayload(time: time, source: "desk-btc", body: .order(OrderSignal(
                id: "sma-13", symbol: "BTC/USD", side: .sell, quantity: quantity("0.10"), type: .limit, limit: price("65000.5"),
                price: price("64250.10")))),
            json: [
                #"{"kind":"order","limit_price":"65000.5","order_id":"sma-13","price":"64250.10","quantity":"0.10","side":"sell","#,
                #""source":"desk-btc","symbol":"BTC/USD","time":1763700000000,"type":"limit","v":1}"#,
            ].joined(),
            summary: "SELL 0.10 BTC/USD limit @ 65000.5 (order sma-13)"),
        GoldenPayload(
            name: "stop order",
            payload: SignalPayload(time: time, source: "desk-btc", body: .order(OrderSignal(
                id: "sma-14", symbol: "ETH/USD", side: .sell, quantity: quantity("2"), type: .stop, limit: price("2900"),
                price: price("3012.25")))),
            json: [
                #"{"kind":"order","limit_price":"2900","order_id":"sma-14","price":"3012.25","quantity":"2","side":"sell","#,
                #""source":"desk-btc","symbol":"ETH/USD","time":1763700000000,"type":"stop","v":1}"#,
            ].joined(),
            summary: "SELL 2 ETH/USD stop @ 2900 (order sma-14)"),
        GoldenPayload(
            name: "fill (the PROTOCOL.md example)",
            payload: SignalPayload(time: time, source: "desk-btc", body: .fill(FillSignal(
                orderID: "sma-12", symbol: "BTC/USD", side: .buy, quantity: quantity("0.25"), price: price("64250.10"),
                fee: money("1.6")))),
            json: [
                #"{"fee":"1.60","kind":"fill","order_id":"sma-12","price":"64250.10","quantity":"0.25","side":"buy","#,
                #""source":"desk-btc","symbol":"BTC/USD","time":1763700000000,"v":1}"#,
            ].joined(),
            summary: "FILLED BUY 0.25 BTC/USD @ 64250.10"),
        GoldenPayload(
            name: "targets",
            payload: SignalPayload(time: time, source: "desk-multi", body: .targets(TargetsSignal(
                equity: money("10000"), currency: "USD",
                targets: [
                    .init(symbol: "BTC/USD", quantity: quantity("0.15"), weight: weight("0.95"), price: price("63333.33")),
                    .init(symbol: "ETH/USD", quantity: quantity("-1.5"), weight: weight("-0.4475"), price: price("2983.3")),
                    .init(symbol: "SOL/USD", quantity: quantity("0"), weight: weight("0"), price: price("140.125")),
                ]))),
            json: [
                #"{"currency":"USD","equity":"10000.00","kind":"targets","source":"desk-multi","targets":["#,
                #"{"price":"63333.33","quantity":"0.15","symbol":"BTC/USD","weight":"0.95"},"#,
                #"{"price":"2983.3","quantity":"-1.5","symbol":"ETH/USD","weight":"-0.4475"},"#,
                #"{"price":"140.125","quantity":"0","symbol":"SOL/USD","weight":"0"}],"time":1763700000000,"v":1}"#,
            ].joined(),
            summary: "TARGETS BTC/USD 0.15 (0.95), ETH/USD -1.5 (-0.4475), SOL/USD 0 (0) · equity 10000.00 USD"),
        GoldenPayload(
            name: "equity",
            payload: SignalPayload(
                time: time, source: "desk-btc",
                body: .equity(EquitySignal(equity: money("10250.5"), cash: money("2500"), currency: "USD"))),
            json: [
                #"{"cash":"2500.00","currency":"USD","equity":"10250.50","kind":"equity","#,
                #""source":"desk-btc","time":1763700000000,"v":1}"#,
            ].joined(),
            summary: "EQUITY 10250.50 USD"),
        GoldenPayload(
            name: "heartbeat",
            payload: SignalPayload(time: time, source: "desk-btc", body: .heartbeat),
            json: #"{"kind":"heartbeat","source":"desk-btc","time":1763700000000,"v":1}"#,
            summary: "heartbeat"),
        GoldenPayload(
            name: "grant",
            payload: SignalPayload(time: time, source: "desk-btc", body: .grant("signet-grant1.AAEC-_x\nsignet-grant1.AwQF-_y")),
            json: [
                #"{"grant":"signet-grant1.AAEC-_x\nsignet-grant1.AwQF-_y","kind":"grant","#,
                #""source":"desk-btc","time":1763700000000,"v":1}"#,
            ].joined(),
            summary: "channel grant"),
        GoldenPayload(
            name: "checkpoint",
            payload: SignalPayload(time: time, source: "desk-btc", body: .checkpoint(CheckpointSignal(
                orders: .init(lines: 12, chain: chainA, digests: ["0123456789abcdef", "fedcba9876543210"]),
                pnl: .init(lines: 5, chain: chainB, digests: []), equity: money("10012.345"), currency: "USD"))),
            json: [
                #"{"currency":"USD","equity":"10012.345","kind":"checkpoint","#,
                #""orders":{"chain":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","#,
                #""digests":["0123456789abcdef","fedcba9876543210"],"lines":12},"#,
                #""pnl":{"chain":"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752","digests":[],"lines":5},"#,
                #""source":"desk-btc","time":1763700000000,"v":1}"#,
            ].joined(),
            summary: [
                "TRACK RECORD orders.csv 12 lines 9f86d081884c7d65…, pos_pnl.csv 5 lines 60303ae22b998861…",
                " · equity 10012.345 USD",
            ].joined()),
        // JSONSerialization's escaping on Linux: quote and backslash escaped, \t \n \r \b \f short,
        // other controls as lower-case \u00xx, slash, DEL and non-ASCII as they are.
        GoldenPayload(
            name: "text that needs escaping",
            payload: SignalPayload(time: 1, source: "desk \"β\" a/b \\ \t\n\r\u{8}\u{c}\u{1}\u{1f}\u{7f} é😀", body: .heartbeat),
            json: #"{"kind":"heartbeat","source":"desk \"β\" a/b \\ \t\n\r\b\f\u0001\u001f\#u{7f} é😀","time":1,"v":1}"#,
            summary: "heartbeat"),
    ]
}

@Suite("Signal payloads: the bytes on the wire")
struct GoldenPayloadTests {
    @Test(arguments: GoldenPayload.all)
    func everyKindEncodesToTheBytesThePublisherAlwaysWrote(golden: GoldenPayload) {
        #expect(String(decoding: golden.payload.encoded(), as: UTF8.self) == golden.json)
        #expect(golden.payload.summary == golden.summary)
    }

    @Test(arguments: GoldenPayload.all)
    func everyKindDecodesFromThoseBytesAndReencodesByteForByte(golden: GoldenPayload) throws {
        let decoded = try SignalPayload.decode(Array(golden.json.utf8))
        #expect(decoded == golden.payload)
        #expect(decoded.kind == golden.payload.kind)
        #expect(decoded.encoded() == Array(golden.json.utf8))
    }

    @Test func theProtocolExampleDecodesToTheFillItDescribes() throws {
        let example = [
            #"{"fee":"1.60","kind":"fill","order_id":"sma-12","price":"64250.10","quantity":"0.25","side":"buy","#,
            #""source":"desk-btc","symbol":"BTC/USD","time":1763700000000,"v":1}"#,
        ].joined()
        let payload = try SignalPayload.decode(Array(example.utf8))
        #expect(payload.time == 1_763_700_000_000)
        #expect(payload.source == "desk-btc")
        #expect(payload.kind == "fill")
        guard case .fill(let fill) = payload.body else {
            Issue.record("not a fill: \(payload.body)")
            return
        }
        #expect(fill.orderID == "sma-12")
        #expect(fill.symbol == "BTC/USD")
        #expect(fill.side == .buy)
        #expect(fill.quantity.raw == 25_000_000 && fill.quantity.precision == 2)
        #expect(fill.price.raw == 6_425_010_000_000 && fill.price.precision == 2)
        #expect(fill.fee.raw == 160_000_000)
        #expect(payload.encoded() == Array(example.utf8))
    }

    /// Targets as the current release's publisher wrote them: weights at micro precision with
    /// trailing zeros trimmed, equity at two places; they read back to the same weights.
    @Test func targetsFromTheCurrentReleaseDecodeUnchanged() throws {
        let released = [
            #"{"currency":"USD","equity":"20000.00","kind":"targets","source":"desk-multi","targets":["#,
            #"{"price":"50000","quantity":"0.38","symbol":"BTC/USD","weight":"0.95"},"#,
            #"{"price":"2500.5","quantity":"-3.579","symbol":"ETH/USD","weight":"-0.4475"},"#,
            #"{"price":"140","quantity":"0","symbol":"SOL/USD","weight":"0"},"#,
            #"{"price":"1.0921","quantity":"12","symbol":"EUR/USD","weight":"0.000655"}],"time":1763700000000,"v":1}"#,
        ].joined()
        let payload = try SignalPayload.decode(Array(released.utf8))
        guard case .targets(let targets) = payload.body else {
            Issue.record("not targets: \(payload.body)")
            return
        }
        #expect(targets.equity == Money(units: 20_000))
        #expect(targets.currency == "USD")
        #expect(targets.targets.map(\.symbol) == ["BTC/USD", "ETH/USD", "SOL/USD", "EUR/USD"])
        #expect(targets.targets.map(\.weight.raw) == [95_000_000, -44_750_000, 0, 65_500])
        #expect(targets.targets.map(\.quantity.description) == ["0.38", "-3.579", "0", "12"])
        #expect(targets.targets.map(\.price.description) == ["50000", "2500.5", "140", "1.0921"])
        #expect(payload.encoded() == Array(released.utf8))
    }

    /// Payloads as a subscriber of the current release stored them in its inbox (the storage
    /// fixture Tests/Fixtures/storage/inbox-release.sqlite holds these two).
    @Test(arguments: [
        [
            #"{"kind":"order","limit_price":"1.0921","order_id":"live-000001","price":"1.0920","quantity":"1000","side":"buy","#,
            #""source":"desk","symbol":"EUR/USD","time":1764500000001,"type":"limit","v":1}"#,
        ].joined(),
        #"{"kind":"heartbeat","source":"desk","time":1764500001001,"v":1}"#,
    ])
    func payloadsStoredByTheCurrentReleaseReadBackUnchanged(stored: String) throws {
        let payload = try SignalPayload.decode(Array(stored.utf8))
        #expect(payload.encoded() == Array(stored.utf8))
    }

    @Test(arguments: [
        ("0.25", 25_000_000), ("-1", -100_000_000), ("0", 0), ("0.95", 95_000_000), ("-0.4475", -44_750_000),
        ("0.00000001", 1), ("-0.000001", -100), ("12.5", 1_250_000_000),
    ] as [(String, Int64)])
    func weightsAreWrittenAsTheShortestExactDecimal(text: String, raw: Int64) {
        #expect(SignalPayload.weightText(Weight(raw: raw)) == text)
        #expect(Weight(text)?.raw == raw)
    }

    @Test func keysTheReaderDoesNotKnowAreIgnoredAndNotWrittenBack() throws {
        let later = #"{"kind":"heartbeat","mood":{"calm":[1,2.5e3,true,null]},"source":"desk-btc","time":5,"v":1,"zone":"\u00e9"}"#
        let payload = try SignalPayload.decode(Array(later.utf8))
        #expect(payload == SignalPayload(time: 5, source: "desk-btc", body: .heartbeat))
        #expect(String(decoding: payload.encoded(), as: UTF8.self) == #"{"kind":"heartbeat","source":"desk-btc","time":5,"v":1}"#)
    }

    @Test func whiteSpaceKeyOrderAndEscapesOfOtherWritersAreRead() throws {
        let other = " {\n \"v\" : 1, \"time\": 7, \"source\" : \"d\\u00e9sk \\ud83d\\ude00 \\/\", \"kind\": \"heartbeat\" }\r\n"
        let payload = try SignalPayload.decode(Array(other.utf8))
        #expect(payload == SignalPayload(time: 7, source: "désk 😀 /", body: .heartbeat))
    }
}
