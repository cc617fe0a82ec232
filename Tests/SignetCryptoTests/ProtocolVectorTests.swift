import Foundation
import Testing
@testable import SignetCrypto

/// The test vectors of docs/PROTOCOL.md §10, read from the document itself so the two cannot drift.
struct ProtocolVectors {
    let values: [String: String]

    init() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/PROTOCOL.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let start = text.range(of: "```vectors\n"), let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex) else {
            throw CryptoError(.malformed, "docs/PROTOCOL.md has no ```vectors block")
        }
        var values: [String: String] = [:]
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.range(of: " = ") else { continue }
            values[String(line[..<equals.lowerBound])] = String(line[equals.upperBound...])
        }
        self.values = values
    }

    func string(_ key: String) throws -> String {
        guard let value = values[key] else { throw CryptoError(.notFound, "vector \(key) missing from docs/PROTOCOL.md") }
        return value
    }

    func hex(_ key: String) throws -> [UInt8] {
        guard let bytes = Hex.decode(try string(key)) else { throw CryptoError(.malformed, "vector \(key) is not hex") }
        return bytes
    }

    func identity(_ who: String) throws -> Identity {
        var seed = try hex("\(who).ed25519_seed"), secret = try hex("\(who).x25519_secret")
        return try Identity(name: try string("\(who).name"), signingSeed: &seed, boxSecretKey: &secret)
    }

    func channelKey(publisher: KeyID) throws -> ChannelKey {
        var key = try hex("channel.key")
        return try ChannelKey.restore(
            channelName: try string("channel.name"), channel: ChannelID(try hex("channel.id")), publisher: publisher,
            epoch: UInt32(try string("channel.epoch"))!, key: &key)
    }
}

@Suite("docs/PROTOCOL.md test vectors")
struct ProtocolVectorTests {
    let vectors: ProtocolVectors
    init() throws { vectors = try ProtocolVectors() }

    @Test(arguments: ["desk", "follower"])
    func identitiesDeriveTheDocumentedKeysIdsFingerprintsAndLines(who: String) throws {
        let identity = try vectors.identity(who).publicIdentity
        #expect(identity.signingKey == (try vectors.hex("\(who).ed25519_public")))
        #expect(identity.boxKey == (try vectors.hex("\(who).x25519_public")))
        #expect(identity.keyID.description == (try vectors.string("\(who).key_id")))
        #expect(identity.fingerprint.description == (try vectors.string("\(who).fingerprint")))
        #expect(identity.shareLine == (try vectors.string("\(who).line")))
        #expect(try PublicIdentity(shareLine: vectors.string("\(who).line")) == identity)
    }

    @Test func unprotectedSecretKeyFileIsByteExact() throws {
        let desk = try vectors.identity("desk")
        #expect(try IdentityFile.encode(desk, passphrase: nil) == (try vectors.string("desk.secret_file")))
    }

    @Test func protectedSecretKeyFileOpensWithItsPassphraseOnly() throws {
        let file = try vectors.string("follower.secret_file")
        let phrase = Array(try vectors.string("follower.passphrase").utf8)
        let loaded = try IdentityFile.decode(file) { phrase }
        #expect(loaded.publicIdentity == (try vectors.identity("follower").publicIdentity))
        #expect(refusal { _ = try IdentityFile.decode(file) { Array("wrong".utf8) } } == .wrongPassphrase)
    }

    @Test func grantOpensToTheDocumentedChannelKey() throws {
        let desk = try vectors.identity("desk"), follower = try vectors.identity("follower")
        let key = try Grant(text: vectors.string("grant.line")).open(from: desk.publicIdentity, as: follower)
        #expect(key.exportKeyBytes() == (try vectors.hex("channel.key")))
        #expect(key.channel.bytes == (try vectors.hex("channel.id")))
        #expect(key.channelName == (try vectors.string("channel.name")))
        #expect(key.epoch == 1)
    }

    @Test func signalAttachmentAndBoundSignalAreByteExact() throws {
        let desk = try vectors.identity("desk")
        let key = try vectors.channelKey(publisher: desk.publicIdentity.keyID)
        let header1 = EnvelopeHeader(
            contentType: .signalJSON, publisher: key.publisher, channel: key.channel, epoch: 1, sequence: 42,
            timestamp: 1_763_700_000_000, attachmentDigest: nil)
        let signal1 = try SealedSignal.seal(
            Array(try vectors.string("signal1.plaintext").utf8), header: header1, key: key, signer: desk, nonce: try vectors.hex("signal1.nonce"))
        #expect(signal1.text == (try vectors.string("signal1.line")))

        let attachment = try SealedAttachment.seal(
            try vectors.hex("attachment.plaintext_hex"), contentType: .png, key: key, signer: desk, timestamp: 1_763_700_000_500,
            nonce: try vectors.hex("attachment.nonce"))
        #expect(attachment.bytes == (try vectors.hex("attachment.sealed_hex")))
        #expect(attachment.digest == (try vectors.hex("attachment.digest")))

        let header2 = EnvelopeHeader(
            contentType: .text, publisher: key.publisher, channel: key.channel, epoch: 1, sequence: 43, timestamp: 1_763_700_001_000,
            attachmentDigest: attachment.digest)
        let signal2 = try SealedSignal.seal(
            Array(try vectors.string("signal2.plaintext").utf8), header: header2, key: key, signer: desk, nonce: try vectors.hex("signal2.nonce"))
        #expect(signal2.text == (try vectors.string("signal2.line")))
    }

    @Test func followerOpensTheDocumentedSignalsAndAttachment() throws {
        let desk = try vectors.identity("desk"), follower = try vectors.identity("follower")
        let opener = SignalOpener(
            publishers: [desk.publicIdentity], replayStore: MemoryReplayStore(), clock: ManualTimeSource(milliseconds: 1_763_700_002_000))
        try opener.install(try Grant(text: vectors.string("grant.line")).open(from: desk.publicIdentity, as: follower))
        let first = try opener.open(text: vectors.string("signal1.line"))
        #expect(String(decoding: first.plaintext, as: UTF8.self) == (try vectors.string("signal1.plaintext")))
        #expect(first.sequence == 42)
        let second = try opener.open(text: vectors.string("signal2.line"))
        #expect(second.arrival == .inOrder)
        let chart = try opener.openAttachment(try vectors.hex("attachment.sealed_hex"), for: second)
        #expect(chart.plaintext == (try vectors.hex("attachment.plaintext_hex")))
    }
}
