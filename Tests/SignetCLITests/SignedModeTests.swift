import Foundation
import Testing
import TestSupport

@Suite("signed mode: readable posts anyone can verify")
struct SignedModeTests {
    /// Texts (or, with `captions`, photo captions) the subscriber's bot received in the supergroup (getUpdates), oldest first.
    static func telegramTexts(_ url: String, captions: Bool = false) async throws -> [String] {
        let (_, body) = try await postForm("\(url)/bot654321:SIMULATED-SUBSCRIBER/getUpdates", fields: [("timeout", "0")])
        let updates = (try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["result"] as? [[String: Any]] ?? []
        return updates.compactMap { ($0["message"] as? [String: Any])?[captions ? "caption" : "text"] as? String }
    }

    @Test func aSignedPostVerifiesAndAChangedOneIsRefused() async throws {
        let cli = try CLI()
        let (simulators, telegramURL, _) = try MirrorCommandTests.prepare(cli, bars: 120)
        defer { MirrorCommandTests.stop(simulators) }
        try cli.write(try cli.read("settings.yml") + "\n  outputs: [telegram-signed]\n", to: "settings.yml")
        let published = try cli.run(MirrorCommandTests.publishArguments(cli))
        #expect(published.status == 0, "\(published.stderr)")
        let texts = try await Self.telegramTexts(telegramURL)
        let order = try #require(texts.first { $0.hasPrefix("BUY") || $0.hasPrefix("SELL") }, "\(texts.prefix(3))")
        #expect(order.contains("alpha #") && order.split(separator: "\n").last?.hasPrefix("signet-signed1.") == true, "\(order)")
        #expect(!texts.contains { $0.contains("sig1.") }, "signed mode posts no sealed line")

        try cli.write(order, to: "post.txt")
        let verified = try cli.run(["verify", "--in", cli.path("post.txt")])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stderr.contains("verified: signed by 'desk'"), "\(verified.stderr)")
        #expect(verified.stdout.hasPrefix(String(order.split(separator: "\n")[0])))

        let tampered = order.replacingOccurrences(of: "BUY", with: "SELL").replacingOccurrences(of: "SELL 0", with: "BUY 0")
        try cli.write(tampered == order ? order.replacingOccurrences(of: "#", with: "# ") : tampered, to: "changed.txt")
        let refused = try cli.run(["verify", "--in", cli.path("changed.txt")])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("does not match"), "\(refused.stderr)")

        // The first target snapshot went with its chart: a photo whose caption is the signed text.
        let captions = try await Self.telegramTexts(telegramURL, captions: true)
        let caption = try #require(captions.first, "no chart photo")
        #expect(caption.hasPrefix("TARGETS"), "\(caption)")
        try cli.write(caption, to: "caption.txt")
        #expect(try cli.run(["verify", "--in", cli.path("caption.txt")]).status == 0)
    }
}
