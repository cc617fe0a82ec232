import Foundation
import Testing

@Suite("The README guide, run through the signet binary")
struct GuideTests {
    @Test func keygenShowImportCreateGrantAcceptSealOpenRevoke() throws {
        let desk = try Desk()
        let sealed = try desk.seal(#"{"side":"buy"}"#)
        #expect(sealed.hasPrefix("sig1."))
        let opened = try desk.open(sealed, as: "follower")
        #expect(opened.status == 0)
        #expect(opened.stdout == "{\"side\":\"buy\"}\n")
        #expect(opened.stderr.contains("verified: from 'desk'"))
        #expect(try desk.open(sealed, as: "carol").status == 0)

        let revoke = try desk.cli.ok(["channel", "revoke", "alpha", "carol", "--dir", "desk"])
        #expect(revoke.stderr.contains("now at epoch 2"))
        let newGrant = revoke.firstLine
        #expect(newGrant.hasPrefix("signet-grant1."))
        _ = try desk.cli.ok(["channel", "accept", newGrant, "--from", "desk", "--dir", "follower"])
        let afterRevoke = try desk.seal("after")
        #expect(try desk.open(afterRevoke, as: "follower").stdout == "after\n")
        let carol = try desk.open(afterRevoke, as: "carol")
        #expect(carol.status != 0)
        #expect(carol.stderr.contains("[unknownEpoch]"))
        #expect(carol.stdout.isEmpty)
    }

    @Test func keysShowPrintsOneLineAndAFingerprintThatImportConfirms() throws {
        let cli = try CLI()
        let created = try cli.ok(["keygen", "follower"])
        let shown = try cli.ok(["keys", "show", "follower"])
        let lines = shown.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("signet-id1."))
        #expect(lines[1].hasPrefix("fingerprint: "))
        #expect(created.stdout == shown.stdout)
        let imported = try cli.ok(["keys", "import", String(lines[0]), "--as", "peer", "--dir", "other"])
        #expect(imported.stdout.contains(String(lines[1])))
        #expect(!shown.stdout.contains("signet-secret"))
    }

    @Test func exportWritesAFileThatImportReads() throws {
        let cli = try CLI()
        _ = try cli.ok(["keygen", "desk"])
        _ = try cli.ok(["keys", "export", "desk", "--out", "desk.id"])
        #expect(try cli.read("desk.id").hasPrefix("signet-id1."))
        _ = try cli.ok(["keys", "import", "desk.id", "--as", "desk", "--dir", "follower"])
        let list = try cli.ok(["keys", "list", "--dir", "follower"])
        #expect(list.stdout.contains("peer      desk"))
        _ = try cli.ok(["keys", "remove", "desk", "--dir", "follower"])
        #expect(try !cli.ok(["keys", "list", "--dir", "follower"]).stdout.contains("desk"))
    }

    @Test func keyFilesAreWrittenWithOwnerOnlyModes() throws {
        let cli = try CLI()
        _ = try cli.ok(["keygen", "desk"])
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.path("keys/desk.secret"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: cli.path("keys"))
        #expect((directory[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func sealedAttachmentTravelsWithItsSignal() throws {
        let desk = try Desk(members: ["follower"])
        try desk.cli.write("not really a png", to: "chart.png")
        let line = try desk.cli.ok(["seal", "--channel", "alpha", "--dir", "desk", "--type", "text", "--attach", "chart.png"], stdin: "see chart").firstLine
        let opened = try desk.open(line, as: "follower", extra: ["--attachment", "chart.png.sealed", "--attachment-out", "out.png"])
        #expect(opened.status == 0)
        #expect(try desk.cli.read("out.png") == "not really a png")
    }

    @Test func passphraseProtectedIdentityIsUsedThroughAnEnvironmentVariable() throws {
        let cli = try CLI()
        let env = ["DESK_PASS": "correct horse"]
        _ = try cli.ok(["keygen", "desk", "--passphrase-env", "DESK_PASS", "--kdf-cost", "interactive"], environment: env)
        #expect(try !cli.read("keys/desk.secret").contains("correct horse"))
        _ = try cli.ok(["channel", "create", "alpha", "--as", "desk"])
        let missing = try cli.run(["seal", "--channel", "alpha"], stdin: "x")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("[passphraseRequired]"))
        let wrong = try cli.run(["seal", "--channel", "alpha", "--passphrase-env", "DESK_PASS"], stdin: "x", environment: ["DESK_PASS": "wrong"])
        #expect(wrong.stderr.contains("[wrongPassphrase]"))
        #expect(try cli.ok(["seal", "--channel", "alpha", "--passphrase-env", "DESK_PASS"], stdin: "x", environment: env).firstLine.hasPrefix("sig1."))
    }
}
