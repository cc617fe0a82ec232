import Testing
@testable import SignetCrypto

@Suite("Identities and share lines")
struct IdentityTests {
    @Test func shareLineRoundTripsNameKeysAndFingerprint() throws {
        let identity = try Identity.generate(name: "desk").publicIdentity
        let parsed = try PublicIdentity(shareLine: identity.shareLine)
        #expect(parsed == identity)
        #expect(parsed.fingerprint == identity.fingerprint)
        #expect(identity.shareLine.hasPrefix("signet-id1."))
        #expect(!identity.shareLine.contains { $0.isWhitespace })
    }

    @Test func shareLineToleratesSurroundingWhitespace() throws {
        let identity = try Identity.generate(name: "desk").publicIdentity
        #expect(try PublicIdentity(shareLine: "  \(identity.shareLine)\n") == identity)
    }

    @Test func fingerprintIsSixteenCrockfordCharactersInFourGroups() throws {
        let fingerprint = try Identity.generate(name: "desk").publicIdentity.fingerprint.description
        let groups = fingerprint.split(separator: "-")
        #expect(groups.count == 4)
        #expect(groups.allSatisfy { $0.count == 4 })
        #expect(fingerprint.allSatisfy { $0 == "-" || Fingerprint.alphabet.contains($0) })
    }

    @Test func differentKeysGiveDifferentFingerprints() throws {
        let a = try Identity.generate(name: "a").publicIdentity
        let b = try Identity.generate(name: "a").publicIdentity
        #expect(a.fingerprint != b.fingerprint)
        #expect(a.keyID != b.keyID)
    }

    @Test func everyMistypedCharacterOfAShareLineIsRefused() throws {
        let line = try Identity.generate(name: "desk").publicIdentity.shareLine
        let characters = Array(line)
        let body = characters.indices.dropFirst("signet-id1.".count)
        for index in body {
            var changed = characters
            changed[index] = changed[index] == "A" ? "B" : "A"
            let code = refusal { _ = try PublicIdentity(shareLine: String(changed)) }
            #expect(code != nil, "a change at character \(index) was accepted")
            #expect([.badChecksum, .malformed, .wrongLength, .unsupportedVersion, .invalidName].contains(code))
        }
    }

    @Test func truncatedShareLineIsRefusedAsWrongLength() throws {
        let line = try Identity.generate(name: "desk").publicIdentity.shareLine
        for cut in [4, 10, 20] {
            let code = refusal { _ = try PublicIdentity(shareLine: String(line.dropLast(cut))) }
            #expect(code == .wrongLength || code == .malformed, "cut by \(cut): \(String(describing: code))")
        }
        // Cut at a whole number of bytes, the length check names the problem.
        let bytes = try PublicIdentity.shareForm.decode(line)
        let cut = PublicIdentity.shareForm.encode(Array(bytes.dropLast(3)))
        #expect(refusal { _ = try PublicIdentity(shareLine: cut) } == .wrongLength)
    }

    @Test(arguments: [
        ("signet-id2.AAAA", CryptoError.Code.unsupportedVersion),
        ("hello there", .malformed),
        ("signet-id1.", .wrongLength),
        ("signet-id1.@@@@", .malformed),
        ("sig1.AAAA", .malformed),
    ])
    func badShareLinesSayWhatIsWrong(line: String, expected: CryptoError.Code) {
        #expect(refusal { _ = try PublicIdentity(shareLine: line) } == expected)
    }

    @Test func shareLineWithAlteredChecksumIsRefusedAsBadChecksum() throws {
        let identity = try Identity.generate(name: "desk").publicIdentity
        var bytes = try PublicIdentity.shareForm.decode(identity.shareLine)
        bytes[bytes.count - 1] ^= 0x01
        #expect(refusal { _ = try PublicIdentity(shareLine: PublicIdentity.shareForm.encode(bytes)) } == .badChecksum)
    }

    @Test(arguments: ["", "-desk", "de/sk", "../etc", String(repeating: "a", count: 65), "désk"])
    func invalidNamesAreRefused(name: String) {
        #expect(refusal { _ = try Identity.generate(name: name) } == .invalidName)
    }

    @Test func identityDescriptionShowsNoSecret() throws {
        let identity = try Identity.generate(name: "desk")
        #expect(String(describing: identity) == "Identity(desk, \(identity.publicIdentity.fingerprint))")
    }
}

@Suite("Secret key files")
struct IdentityFileTests {
    @Test func plainKeyFileRoundTrips() throws {
        let identity = try Identity.generate(name: "desk")
        let text = try IdentityFile.encode(identity, passphrase: nil)
        let loaded = try IdentityFile.decode(text) { nil }
        #expect(loaded.publicIdentity == identity.publicIdentity)
        #expect(try !IdentityFile.isProtected(text))
    }

    @Test func passphraseRoundTripAndWrongPassphrase() throws {
        let identity = try Identity.generate(name: "desk")
        let text = try IdentityFile.encode(identity, passphrase: Array("correct horse".utf8), cost: .minimum)
        #expect(try IdentityFile.isProtected(text))
        #expect(try IdentityFile.publicIdentity(in: text) == identity.publicIdentity)
        let loaded = try IdentityFile.decode(text) { Array("correct horse".utf8) }
        #expect(loaded.publicIdentity == identity.publicIdentity)
        // The loaded identity signs like the original.
        let message: [UInt8] = [1, 2, 3]
        let signature = try loaded.sign(message[...])
        #expect(identity.publicIdentity.verify(signature: signature[...], over: message[...]))

        #expect(refusal { _ = try IdentityFile.decode(text) { Array("wrong horse".utf8) } } == .wrongPassphrase)
        #expect(refusal { _ = try IdentityFile.decode(text) { nil } } == .passphraseRequired)
    }

    @Test func passphraseProtectionWorksAtTheInteractiveCost() throws {
        let identity = try Identity.generate(name: "desk")
        let text = try IdentityFile.encode(identity, passphrase: Array("pw".utf8), cost: .interactive)
        #expect(try IdentityFile.decode(text) { Array("pw".utf8) }.publicIdentity == identity.publicIdentity)
    }

    @Test func protectedKeyFileDoesNotContainTheSecretsInClear() throws {
        let identity = try Identity.generate(name: "desk")
        let text = try IdentityFile.encode(identity, passphrase: Array("pw".utf8), cost: .minimum)
        let bytes = try IdentityFile.form.decode(text)
        let seed = identity.signingSeed.exposedCopy()
        let windows = bytes.count >= 32 ? (0...(bytes.count - 32)).map { Array(bytes[$0..<($0 + 32)]) } : []
        #expect(!windows.contains(seed))
    }

    @Test func keyFileWhoseSecretsDoNotMatchItsPublicKeysIsRefused() throws {
        let desk = try Identity.generate(name: "desk")
        let other = try Identity.generate(name: "desk")
        var bytes = try IdentityFile.form.decode(try IdentityFile.encode(desk, passphrase: nil))
        let otherBytes = try IdentityFile.form.decode(try IdentityFile.encode(other, passphrase: nil))
        bytes.replaceSubrange((bytes.count - 64)..., with: otherBytes.suffix(64))
        #expect(refusal { _ = try IdentityFile.decode(IdentityFile.form.encode(bytes)) { nil } } == .malformed)
    }
}
