import Testing
@testable import SignetCrypto

@Suite("Signed readable messages")
struct SignedTextTests {
    let desk: Identity
    let channel: ChannelID

    init() throws {
        desk = try Identity.generate(name: "desk")
        channel = try ChannelID.random()
    }

    func message(_ text: String = "BUY 0.25 BTC/USD market (order live-12)\nprice 64250.10") throws -> String {
        try SignedText.sign(text, by: desk, channel: channel, sequence: 42, timestamp: 1_763_700_000_000)
    }

    @Test func aSignedMessageVerifiesWithThePinnedIdentityAfterAChatAppReformatsIt() throws {
        let message = try message()
        let reformatted = "\r\n" + message.split(separator: "\n").joined(separator: "  \r\n") + "\n\nforwarded by a bot"
        for text in [message, reformatted] {
            let (signed, publisher) = try SignedText.verify(text, publishers: [desk.publicIdentity])
            #expect(publisher.name == "desk")
            #expect(signed.sequence == 42 && signed.timestamp == 1_763_700_000_000 && signed.channel == channel)
            #expect(signed.text == "BUY 0.25 BTC/USD market (order live-12)\nprice 64250.10")
        }
    }

    @Test(arguments: [
        ("SELL 0.25 BTC/USD market (order live-12)\nprice 64250.10", CryptoError.Code.badSignature),
        ("BUY 0.25 BTC/USD market (order live-12)\nprice 64250.10\nand more", .badSignature),
    ])
    func aChangedTextIsRefused(text: String, code: CryptoError.Code) throws {
        let line = try message().split(separator: "\n").last!
        #expect(throws: CryptoError.self) { try SignedText.verify(text + "\n" + line, publishers: [desk.publicIdentity]) }
        do { _ = try SignedText.verify(text + "\n" + line, publishers: [desk.publicIdentity]) } catch let error as CryptoError { #expect(error.code == code) }
    }

    @Test func anUnknownSignerOrAMissingLineSaysWhatToDo() throws {
        let other = try Identity.generate(name: "other")
        do {
            _ = try SignedText.verify(try message(), publishers: [other.publicIdentity])
            Issue.record("an unknown signer was accepted")
        } catch let error as CryptoError {
            #expect(error.code == .unknownPublisher && error.message.contains("signet keys import"))
        }
        #expect(throws: CryptoError.self) { try SignedText.verify("BUY 1 BTC/USD", publishers: [desk.publicIdentity]) }
    }
}
