import Foundation
import Testing

/// Every refusal of docs/PROTOCOL.md §8 (and of key handling), provoked through the CLI: each must
/// exit non-zero, print nothing on standard output, and say what is wrong on standard error.
@Suite("Refusals from the command line")
struct RefusalTests {
    static func expectRefused(_ result: CLI.Result, _ code: String, mentioning phrase: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, "exit status was 0", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "printed \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("error: "), sourceLocation: sourceLocation)
        #expect(result.stderr.contains("[\(code)]"), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        if let phrase { #expect(result.stderr.contains(phrase), "stderr: \(result.stderr)", sourceLocation: sourceLocation) }
    }

    @Test func malformedUnsupportedAndTooLargeLines() throws {
        let desk = try Desk(members: ["follower"])
        Self.expectRefused(try desk.open("hello", as: "follower"), "malformed", mentioning: "sig1.")
        Self.expectRefused(try desk.open("sig2.AAAA", as: "follower"), "unsupportedVersion", mentioning: "version 2")
        Self.expectRefused(try desk.open("sig1.@@@", as: "follower"), "malformed", mentioning: "copy it again")
        Self.expectRefused(try desk.open("sig1." + String(repeating: "A", count: 5000), as: "follower"), "tooLarge")
        let tooBig = try desk.cli.run(["seal", "--channel", "alpha", "--dir", "desk"], stdin: String(repeating: "x", count: 3000))
        Self.expectRefused(tooBig, "tooLarge", mentioning: "attachment")
    }

    @Test func truncatedSignalIsRefused() throws {
        let desk = try Desk(members: ["follower"])
        let line = try desk.seal("cut me")
        let result = try desk.open(String(line.dropLast(8)), as: "follower")
        #expect(result.status != 0)
        #expect(result.stderr.contains("[badSignature]") || result.stderr.contains("[wrongLength]") || result.stderr.contains("[malformed]"))
    }

    @Test func unknownPublisher() throws {
        let desk = try Desk(members: ["follower"])
        _ = try desk.cli.ok(["keygen", "mallory", "--dir", "mallory"])
        _ = try desk.cli.ok(["channel", "create", "alpha", "--as", "mallory", "--dir", "mallory"])
        let forged = try desk.cli.ok(["seal", "--channel", "alpha", "--dir", "mallory"], stdin: "sell everything").firstLine
        Self.expectRefused(try desk.open(forged, as: "follower"), "unknownPublisher", mentioning: "signet keys import")
    }

    @Test func badSignature() throws {
        let desk = try Desk(members: ["follower"])
        var characters = Array(try desk.seal("buy 1"))
        let index = characters.count - 30  // inside the signature
        characters[index] = characters[index] == "A" ? "B" : "A"
        Self.expectRefused(try desk.open(String(characters), as: "follower"), "badSignature", mentioning: "do not act on it")
    }

    @Test func unknownChannel() throws {
        let desk = try Desk(members: ["follower"])
        _ = try desk.cli.ok(["channel", "create", "beta", "--as", "desk", "--dir", "desk"])
        Self.expectRefused(try desk.open(try desk.seal("x", channel: "beta"), as: "follower"), "unknownChannel", mentioning: "signet channel accept")
    }

    @Test func revokedSubscriberAndRetiredEpoch() throws {
        let desk = try Desk()
        let oldEpoch = try desk.seal("sealed before the revoke")
        let newGrant = try desk.cli.ok(["channel", "revoke", "alpha", "carol", "--dir", "desk"]).firstLine
        _ = try desk.cli.ok(["channel", "accept", newGrant, "--from", "desk", "--dir", "follower"])
        let newEpoch = try desk.seal("sealed after the revoke")
        Self.expectRefused(try desk.open(newEpoch, as: "carol"), "unknownEpoch", mentioning: "epoch 2")
        Self.expectRefused(try desk.open(oldEpoch, as: "follower"), "revokedEpoch", mentioning: "retired")
        let stale = try desk.cli.run(["channel", "accept", newGrant, "--from", "desk", "--dir", "carol"])
        Self.expectRefused(stale, "notAddressedToYou")
    }

    @Test func decryptionFailedWhenTheLocalKeyIsDamaged() throws {
        let desk = try Desk(members: ["follower"])
        let keyPath = desk.cli.path("follower/subscriptions/desk/alpha/epoch-1.key")
        var key = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        key[0] ^= 0xff
        try key.write(to: URL(fileURLWithPath: keyPath))
        chmod(keyPath, 0o600)
        Self.expectRefused(try desk.open(try desk.seal("x"), as: "follower"), "decryptionFailed", mentioning: "damaged")
    }

    @Test func replayed() throws {
        let desk = try Desk(members: ["follower"])
        let line = try desk.seal("once only")
        #expect(try desk.open(line, as: "follower").status == 0)
        Self.expectRefused(try desk.open(line, as: "follower"), "replayed", mentioning: "replay")
    }

    @Test func tooOldAndFromTheFuture() throws {
        let desk = try Desk(members: ["follower"])
        let line = try desk.seal("tick")
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        Self.expectRefused(try desk.open(line, as: "follower", extra: ["--at", "\(now + 2 * 86_400_000)"]), "tooOld", mentioning: "stale")
        Self.expectRefused(try desk.open(line, as: "follower", extra: ["--at", "\(now - 3_600_000)"]), "fromTheFuture", mentioning: "NTP")
        Self.expectRefused(try desk.open(line, as: "follower", extra: ["--max-age", "0", "--at", "\(now + 5000)"]), "tooOld")
        #expect(try desk.open(line, as: "follower").status == 0)  // refusals above did not consume it
    }

    @Test func swappedAttachment() throws {
        let desk = try Desk(members: ["follower"])
        try desk.cli.write("chart one", to: "one.png")
        try desk.cli.write("chart two", to: "two.png")
        let line = try desk.cli.ok(["seal", "--channel", "alpha", "--dir", "desk", "--attach", "one.png"], stdin: "{}").firstLine
        _ = try desk.cli.ok(["seal", "--channel", "alpha", "--dir", "desk", "--attach", "two.png"], stdin: "{}")
        Self.expectRefused(try desk.open(line, as: "follower", extra: ["--attachment", "two.png.sealed"]), "attachmentMismatch")
    }

    @Test(arguments: [
        ("signet-id2.AAAA", "unsupportedVersion"),
        ("definitely not a line", "malformed"),
    ])
    func badIdentityLines(line: String, code: String) throws {
        let cli = try CLI()
        Self.expectRefused(try cli.run(["keys", "import", line, "--as", "peer"]), code)
    }

    @Test func mistypedAndTruncatedIdentityLines() throws {
        let cli = try CLI()
        let line = try cli.ok(["keygen", "desk"]).firstLine
        var characters = Array(line)
        characters[20] = characters[20] == "x" ? "y" : "x"
        let mistyped = try cli.run(["keys", "import", String(characters), "--as", "peer", "--dir", "other"])
        #expect(mistyped.status != 0)
        #expect(mistyped.stderr.contains("[badChecksum]") || mistyped.stderr.contains("[malformed]"))
        for cut in [3, 4, 5, 12] {
            let truncated = try cli.run(["keys", "import", String(line.dropLast(cut)), "--as", "peer", "--dir", "other"])
            #expect(truncated.status != 0)
            #expect(truncated.stderr.contains("[wrongLength]") || truncated.stderr.contains("[malformed]"))
            #expect(truncated.stderr.contains("cut off"))
        }
    }

    @Test func keygenNeverOverwritesWithoutForce() throws {
        let cli = try CLI()
        let first = try cli.ok(["keygen", "desk"]).firstLine
        Self.expectRefused(try cli.run(["keygen", "desk"]), "alreadyExists", mentioning: "--force")
        #expect(try cli.ok(["keys", "show", "desk"]).firstLine == first)
        #expect(try cli.ok(["keygen", "desk", "--force"]).firstLine != first)
    }

    @Test func secretKeyReadableByOthersIsRefused() throws {
        let cli = try CLI()
        _ = try cli.ok(["keygen", "desk"])
        _ = try cli.ok(["channel", "create", "alpha", "--as", "desk"])
        chmod(cli.path("keys/desk.secret"), 0o644)
        Self.expectRefused(try cli.run(["seal", "--channel", "alpha"], stdin: "x"), "insecurePermissions", mentioning: "chmod 600")
    }

    @Test func missingPassphraseVariableIsExplained() throws {
        let cli = try CLI()
        let result = try cli.run(["keygen", "desk", "--passphrase-env", "NOT_SET_ANYWHERE"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("NOT_SET_ANYWHERE is not set"))
    }
}
