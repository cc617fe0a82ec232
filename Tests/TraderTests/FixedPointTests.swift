import Testing
@testable import Trader

@Suite("Fixed-point numbers")
struct FixedPointTests {
    @Test(arguments: [
        ("1.07219", Int64(107_219_000), UInt8(5)),
        ("100", 10_000_000_000, 0),
        ("-0.5", -50_000_000, 1),
        ("0.00000001", 1, 8),
        ("+3.10", 310_000_000, 2),
        ("96515.0", 9_651_500_000_000, 1),
    ])
    func decimalTextParsesExactly(text: String, raw: Int64, precision: UInt8) throws {
        let price = try #require(Price(text))
        #expect(price.raw == raw)
        #expect(price.precision == precision)
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "1e5", "abc", "0.000000001", "99999999999999999999", " 1", "1,5"])
    func invalidTextIsRefused(text: String) {
        #expect(Price(text) == nil)
    }

    @Test(arguments: [
        ("397787.41249925003", Int64(39_778_741_249_925_003 / 1000)),
        ("0.123456785", 12_345_678),  // half to even: 8 stays
        ("0.123456775", 12_345_678),  // half to even: 7 rounds up
        ("0.1234567851", 12_345_679),
    ])
    func excessDecimalsRoundHalfEvenOnlyWhenAllowed(text: String, raw: Int64) {
        #expect(FixedPoint.parse(Substring(text), roundExcess: true)?.raw == raw)
        #expect(FixedPoint.parse(Substring(text)) == nil)
    }

    @Test(arguments: ["1.07219", "100", "-0.5", "0.00000001", "64250.10", "0"])
    func formattingRoundTrips(text: String) throws {
        #expect(try #require(Price(text)).description == text)
    }

    @Test func notionalIsExactAndRoundedHalfEven() throws {
        let price = try #require(Price("64250.10"))
        let quantity = try #require(Quantity("0.25"))
        #expect(price.notional(quantity) == Money("16062.525"))
        // 0.00000001 × 0.5 = 0.000000005: half-even rounds to 0; 0.00000003 × 0.5 = 0.000000015 rounds to 0.00000002.
        #expect(Price(raw: 1).notional(Quantity(raw: 50_000_000)) == Money(raw: 0))
        #expect(Price(raw: 3).notional(Quantity(raw: 50_000_000)) == Money(raw: 2))
    }

    @Test func overflowIsNilNotACrash() {
        let huge = Price(raw: Int64.max / 2)
        #expect(huge.notional(Quantity(units: 1_000_000)) == nil)
        #expect(FixedPoint.mulDiv(Int64.max, Int64.max, 1, rounding: .towardZero) == nil)
        #expect(FixedPoint.mulDiv(1, 1, 0, rounding: .towardZero) == nil)
        #expect(FixedPoint.mulDiv(Int64.min + 1, 1, 1, rounding: .towardZero) == Int64.min + 1)
    }

    @Test(arguments: [
        ("100.126", "0.01", FloatingPointRoundingRule.toNearestOrEven, "100.13"),
        ("100.125", "0.01", .toNearestOrEven, "100.12"),
        ("100.135", "0.01", .toNearestOrEven, "100.14"),
        ("100.129", "0.01", .down, "100.12"),
        ("100.121", "0.01", .up, "100.13"),
        ("-100.129", "0.01", .down, "-100.13"),
        ("1.07219", "0.0005", .toNearestOrEven, "1.0720"),
    ])
    func pricesRoundToTheTick(value: String, tick: String, rule: FloatingPointRoundingRule, expected: String) throws {
        let tickSize = try #require(Price(tick))
        let rounded = try #require(Price(value)?.rounded(toTick: tickSize, rule))
        #expect(rounded == Price(expected))
    }

    @Test func quantitiesRoundTowardZeroToTheLotByDefault() throws {
        let lot = try #require(Quantity("0.001"))
        #expect(Quantity("1.23456")?.rounded(toLot: lot) == Quantity("1.234"))
        #expect(Quantity("-1.23456")?.rounded(toLot: lot) == Quantity("-1.234"))
        #expect(Quantity("0.0009")?.rounded(toLot: lot) == Quantity.zero)
    }

    @Test func moneyBuysWholeLotsAtAPrice() throws {
        let price = try #require(Price("64250.10"))
        let quantity = try #require(Money(units: 1000).quantity(at: price))
        #expect(quantity.rounded(toLot: Quantity("0.0001")!) == Quantity("0.0155"))
    }

    @Test func feesInBasisPointsRoundUp() {
        #expect(Money("16062.525")?.basisPoints(10) == Money("16.0625250"))
        #expect(Money(raw: 1).basisPoints(10) == Money(raw: 1))
    }

    @Test func slippageMovesAgainstTheTraderOnTheTick() throws {
        let tick = try #require(Price("0.01"))
        #expect(Price("100.00")?.adjusted(byBasisPoints: 5, tick: tick) == Price("100.05"))
        #expect(Price("100.00")?.adjusted(byBasisPoints: -5, tick: tick) == Price("99.95"))
        #expect(Price("100.01")?.adjusted(byBasisPoints: 1, tick: tick) == Price("100.03"))  // 100.02000...1 rounds up
    }

    @Test(arguments: [
        ("2017-04-19T09:00:00Z", Int64(1_492_592_400_000)),
        ("2017-04-19 09:00:00", 1_492_592_400_000),
        ("2017-04-19", 1_492_560_000_000),
        ("2017-04-19T11:00:00+02:00", 1_492_592_400_000),
        ("2017-04-19T09:00:00.250Z", 1_492_592_400_250),
        ("1492592400", 1_492_592_400_000),
        ("1492592400000", 1_492_592_400_000),
        ("1492592400.5", 1_492_592_400_500),
        ("1969-12-31T23:59:59Z", -1000),
    ])
    func timestampsParse(text: String, milliseconds: Int64) {
        #expect(Timestamp.parse(Substring(text)) == milliseconds)
    }

    @Test(arguments: ["2017-13-01", "2017-04-19T25:00:00Z", "yesterday", "2017-04-19T09:00:00Zjunk", "1.2.3"])
    func badTimestampsAreRefused(text: String) {
        #expect(Timestamp.parse(Substring(text)) == nil)
    }

    @Test(arguments: [Int64(0), 1_492_592_400_000, 1_492_592_400_250, -86_400_000, 4_102_444_800_000])
    func timestampFormattingRoundTrips(milliseconds: Int64) {
        #expect(Timestamp.parse(Substring(Timestamp.format(milliseconds))) == milliseconds)
    }
}
