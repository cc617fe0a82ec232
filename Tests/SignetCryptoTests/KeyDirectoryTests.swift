import Foundation
import Testing
@testable import SignetCrypto

/// A fresh temporary key directory per test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("signet-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func keys(_ name: String) -> KeyDirectory { KeyDirectory(path: "\(path)/\(name)") }
}

@Suite("Key directory on disk")
struct KeyDirectoryTests {
    @Test func secretKeyFileIsMode0600InADirectoryOfMode0700() throws {
        let temp = try TemporaryDirectory()
        let keys = temp.keys("keys")
        try keys.createIdentity(name: "desk", passphrase: nil)
        #expect(SecureFile.mode(of: keys.path) == 0o700)
        #expect(SecureFile.mode(of: keys.secretKeyPath("desk")) == 0o600)
        #expect(try keys.loadIdentity("desk") { nil }.name == "desk")
    }

    @Test func existingIdentityIsNeverOverwrittenWithoutForce() throws {
        let temp = try TemporaryDirectory()
        let keys = temp.keys("keys")
        let first = try keys.createIdentity(name: "desk", passphrase: nil)
        #expect(refusal { try keys.createIdentity(name: "desk", passphrase: nil) } == .alreadyExists)
        #expect(try keys.publicIdentity("desk") == first)
        let replaced = try keys.createIdentity(name: "desk", passphrase: nil, force: true)
        #expect(replaced != first)
        #expect(try keys.publicIdentity("desk") == replaced)
    }

    @Test func secretKeyFileReadableByOthersIsRefused() throws {
        let temp = try TemporaryDirectory()
        let keys = temp.keys("keys")
        try keys.createIdentity(name: "desk", passphrase: nil)
        chmod(keys.secretKeyPath("desk"), 0o644)
        #expect(refusal { _ = try keys.loadIdentity("desk") { nil } } == .insecurePermissions)
    }

    @Test func groupReadableKeyDirectoryIsTightened() throws {
        let temp = try TemporaryDirectory()
        let keys = temp.keys("keys")
        try FileManager.default.createDirectory(atPath: keys.path, withIntermediateDirectories: true)
        chmod(keys.path, 0o755)
        try keys.createIdentity(name: "desk", passphrase: nil)
        #expect(SecureFile.mode(of: keys.path) == 0o700)
    }

    @Test func passphraseProtectedIdentityLoadsOnlyWithItsPassphrase() throws {
        let temp = try TemporaryDirectory()
        let keys = temp.keys("keys")
        try keys.createIdentity(name: "desk", passphrase: Array("s3cret".utf8), cost: .minimum)
        #expect(try keys.isProtected("desk"))
        #expect(try keys.publicIdentity("desk").name == "desk")
        #expect(refusal { _ = try keys.loadIdentity("desk") { nil } } == .passphraseRequired)
        #expect(refusal { _ = try keys.loadIdentity("desk") { Array("nope".utf8) } } == .wrongPassphrase)
        #expect(try keys.loadIdentity("desk") { Array("s3cret".utf8) }.name == "desk")
    }

    @Test func missingIdentityErrorSaysHowToCreateOne() throws {
        let temp = try TemporaryDirectory()
        do {
            _ = try temp.keys("keys").publicIdentity("ghost")
            Issue.record("expected an error")
        } catch let error as CryptoError {
            #expect(error.code == .notFound)
            #expect(error.message.contains("signet keygen ghost"))
        }
    }

    @Test func trustStoreImportsListsRefusesConflictsAndRemoves() throws {
        let temp = try TemporaryDirectory()
        let keys = temp.keys("keys")
        let follower = try Identity.generate(name: "follower").publicIdentity
        let other = try Identity.generate(name: "other").publicIdentity
        try keys.trust.add(follower, as: "follower", at: 1)
        try keys.trust.add(follower, as: "follower", at: 2)  // idempotent
        #expect(refusal { try keys.trust.add(other, as: "follower", at: 3) } == .alreadyExists)
        #expect(refusal { try keys.trust.add(follower, as: "again", at: 3) } == .alreadyExists)
        try keys.trust.add(other, as: "other", at: 4)
        #expect(try keys.trust.peers().map(\.alias) == ["follower", "other"])
        #expect(try keys.trust.peer("follower").identity == follower)
        try keys.trust.remove("follower")
        #expect(refusal { _ = try keys.trust.peer("follower") } == .notFound)
        #expect(refusal { try keys.trust.remove("follower") } == .notFound)
    }

    @Test func sequenceNumbersPersistAcrossCountersAndNeverRepeat() throws {
        let temp = try TemporaryDirectory()
        let desk = temp.keys("desk")
        let identity = try desk.createIdentity(name: "desk", passphrase: nil)
        try desk.createChannel("alpha", publisher: identity, publisherName: "desk", at: 1)
        let first = try (0..<3).map { _ in try desk.sequenceCounter("alpha").next() }
        let restarted = try desk.sequenceCounter("alpha").next()  // as after a restart
        #expect(first == [1, 2, 3])
        #expect(restarted == 4)
        #expect(try desk.channelState("alpha").nextSequence == 5)
    }

    @Test func channelLifecycleGrantAcceptSealOpenRevoke() throws {
        let temp = try TemporaryDirectory()
        let desk = temp.keys("desk"), follower = temp.keys("follower"), carol = temp.keys("carol")
        let deskID = try desk.createIdentity(name: "desk", passphrase: nil)
        try desk.trust.add(try follower.createIdentity(name: "follower", passphrase: nil), as: "follower", at: 1)
        try desk.trust.add(try carol.createIdentity(name: "carol", passphrase: nil), as: "carol", at: 1)
        try follower.trust.add(deskID, as: "desk", at: 1)
        try carol.trust.add(deskID, as: "desk", at: 1)

        let state = try desk.createChannel("alpha", publisher: deskID, publisherName: "desk", at: 1)
        #expect(state.epoch == 1)
        #expect(SecureFile.mode(of: "\(desk.path)/channels/alpha/epoch-1.key") == 0o600)
        #expect(refusal { try desk.createChannel("alpha", publisher: deskID, publisherName: "desk", at: 1) } == .alreadyExists)
        let publisher = try desk.loadIdentity("desk") { nil }
        let forFollower = try desk.grant("alpha", to: "follower", by: publisher, at: 2)
        let forCarol = try desk.grant("alpha", to: "carol", by: publisher, at: 2)
        #expect(try !follower.accept(Grant(text: forFollower.text), from: "desk", passphrase: { nil }, at: 3).alreadyHeld)
        #expect(try follower.accept(forFollower, from: "desk", passphrase: { nil }, at: 3).alreadyHeld)
        #expect(refusal { _ = try carol.accept(forFollower, from: "desk", passphrase: { nil }, at: 3) } == .notAddressedToYou)
        _ = try carol.accept(forCarol, from: "desk", passphrase: { nil }, at: 3)

        let sealer = try ChannelSealer(identity: publisher, key: desk.channelKey("alpha"), sequence: desk.sequenceCounter("alpha"))
        let one = try sealer.seal(Array("one".utf8))
        #expect(try follower.makeOpener().open(one).plaintext == Array("one".utf8))
        #expect(try carol.makeOpener().open(one).plaintext == Array("one".utf8))
        #expect(refusal { _ = try follower.makeOpener().open(one) } == .replayed)  // the window is on disk

        let (revoked, grants) = try desk.revoke("alpha", member: "carol", by: publisher, at: 4)
        #expect(revoked.epoch == 2)
        #expect(revoked.members.map(\.alias) == ["follower"])
        #expect(grants.map(\.alias) == ["follower"])
        #expect(!SecureFile.exists("\(desk.path)/channels/alpha/epoch-1.key"))
        #expect(refusal { _ = try desk.revoke("alpha", member: "carol", by: publisher, at: 5) } == .notFound)
        _ = try follower.accept(grants[0].grant, from: "desk", passphrase: { nil }, at: 5)
        #expect(refusal { _ = try follower.accept(forFollower, from: "desk", passphrase: { nil }, at: 6) } == .staleGrant)

        let sealer2 = try ChannelSealer(identity: publisher, key: desk.channelKey("alpha"), sequence: desk.sequenceCounter("alpha"))
        let two = try sealer2.seal(Array("two".utf8))
        #expect(two.header.sequence == 2)
        #expect(two.header.epoch == 2)
        #expect(try follower.makeOpener().open(two).plaintext == Array("two".utf8))
        #expect(refusal { _ = try carol.makeOpener().open(two) } == .unknownEpoch)
    }

    @Test func grantFromAnotherPublisherThanNamedIsRefused() throws {
        let temp = try TemporaryDirectory()
        let desk = temp.keys("desk"), follower = temp.keys("follower")
        let deskID = try desk.createIdentity(name: "desk", passphrase: nil)
        let mallory = try Identity.generate(name: "mallory")
        try desk.trust.add(try follower.createIdentity(name: "follower", passphrase: nil), as: "follower", at: 1)
        try follower.trust.add(deskID, as: "desk", at: 1)
        let key = try ChannelKey.generate(channelName: "alpha", channel: .random(), publisher: mallory.publicIdentity.keyID, epoch: 1)
        let forged = try Grant.issue(key, to: try follower.publicIdentity("follower"), by: mallory, at: 1)
        #expect(refusal { _ = try follower.accept(forged, from: "desk", passphrase: { nil }, at: 2) } == .unknownPublisher)
    }

    @Test func alteredGrantIsRefusedAsBadSignature() throws {
        let fixture = try Fixture()
        let grant = try Grant.issue(fixture.key, to: fixture.follower.publicIdentity, by: fixture.desk, at: 1)
        for index in 12..<grant.bytes.count {
            var bytes = grant.bytes
            bytes[index] ^= 0x04
            let code = refusal { _ = try Grant(bytes: bytes).open(from: fixture.desk.publicIdentity, as: fixture.follower) }
            #expect([.badSignature, .invalidName, .malformed, .wrongLength].contains(code), "byte \(index): \(String(describing: code))")
        }
    }
}

@Suite("Private files")
struct PrivateFileTests {
    @Test func areWrittenWholeAndOwnerOnlyAndNeverOverwrittenUnlessAsked() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("signet-private-\(UUID().uuidString)").path
        try PrivateFile.write(Array("attachment".utf8), to: path, replace: false)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: CryptoError.self) { try PrivateFile.write(Array("again".utf8), to: path, replace: false) }
        try PrivateFile.write(Array("again".utf8), to: path, replace: true)
        #expect(FileManager.default.contents(atPath: path) == Data("again".utf8))
    }
}
