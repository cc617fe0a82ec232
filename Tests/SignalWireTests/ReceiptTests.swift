import SignalWire
import Testing
import Trader

@Suite("Receipts")
struct ReceiptTests {
    @Test func aReceiptReadsBackFromItsText() throws {
        let receipt = Receipt(
            channel: "00112233445566778899aabbccddeeff", sequence: 42, sealedAt: 1_764_500_000_000, arrivedAt: 1_764_500_000_012,
            side: .sell, quantity: try #require(Quantity("0.25")), symbol: "BTC/USD", price: try #require(Price("64250.1")))
        #expect(receipt.text == "RECEIPT #42 · sealed 1764500000000 · arrived 1764500000012 · filled sell 0.25 BTC/USD @ 64250.1")
        #expect(Receipt.parse(receipt.text, channel: receipt.channel) == receipt)
        #expect(receipt.latency == 12)
    }

    @Test(arguments: [
        "RECEIPT #x · sealed 1 · arrived 2 · filled buy 1 A/B @ 1", "hello",
        "RECEIPT #1 · sealed 1 · arrived 2 · filled hold 1 A/B @ 1",
    ])
    func anythingElseIsNotAReceipt(text: String) {
        #expect(Receipt.parse(text, channel: "c") == nil)
    }
}
