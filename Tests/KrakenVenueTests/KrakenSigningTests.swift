import Foundation
import Testing
@testable import KrakenVenue
import Transport

@Suite("Kraken request signing and nonces")
struct KrakenSigningTests {
    @Test func theSignatureMatchesKrakensPublishedExample() throws {
        // From Kraken's "spot-rest-auth" documentation.
        let signer = try KrakenSigner(secret: "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==")
        let signature = try signer.sign(
            path: "/0/private/AddOrder", nonce: "1616492376594", body: "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25")
        #expect(signature == "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==")
    }

    @Test func aSecretThatIsNotBase64IsRefusedWithWhatToDo() {
        do {
            _ = try KrakenSigner(secret: "not base64!")
            Issue.record("accepted")
        } catch let error as KrakenError {
            #expect(error.code == .invalidCredentials && error.message.contains("exchange_apis.Kraken.secret"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func noncesKeepIncreasingAcrossRestartsEvenWhenTheClockGoesBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signet-nonce-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kraken.nonce").path
        let first = try FileKrakenNonceSource(path: path, now: { 5_000 })
        #expect(try first.next() == 5_000)
        #expect(try first.next() == 5_001, "two calls in the same millisecond")
        // Restarted with the clock set back: still above the last one.
        let restarted = try FileKrakenNonceSource(path: path, now: { 1_000 })
        #expect(try restarted.next() == 5_002)
        let later = try FileKrakenNonceSource(path: path, now: { 9_000 })
        #expect(try later.next() == 9_000)
        try "garbage".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: KrakenError.self) { try FileKrakenNonceSource(path: path) }
    }
}
