import Testing
@testable import SignetCrypto

@Suite("Sealing and opening signals")
struct EnvelopeTests {
    @Test func sealedSignalOpensToTheSamePlaintextAndHeader() throws {
        let fixture = try Fixture()
        let opener = try fixture.opener(for: fixture.follower)
        let sealed = try fixture.seal(#"{"side":"buy"}"#)
        let opened = try opener.open(text: sealed.text)
        #expect(String(decoding: opened.plaintext, as: UTF8.self) == #"{"side":"buy"}"#)
        #expect(opened.sequence == 1)
        #expect(opened.header.epoch == 1)
        #expect(opened.header.timestamp == Fixture.start)
        #expect(opened.channelName == "alpha")
        #expect(opened.publisher == fixture.desk.publicIdentity)
        #expect(opened.arrival == .first)
    }

    @Test func everySubscriberWithAGrantOpensTheSameSignal() throws {
        let fixture = try Fixture()
        let sealed = try fixture.seal("hello")
        #expect(try fixture.opener(for: fixture.follower).open(sealed).plaintext == Array("hello".utf8))
        #expect(try fixture.opener(for: fixture.carol).open(sealed).plaintext == Array("hello".utf8))
    }

    @Test func emptyPlaintextRoundTrips() throws {
        let fixture = try Fixture()
        let opened = try fixture.opener(for: fixture.follower).open(fixture.sealer.seal([]))
        #expect(opened.plaintext.isEmpty)
    }

    @Test func twoKilobytePlaintextFitsInOneTelegramMessage() throws {
        let fixture = try Fixture()
        let sealed = try fixture.sealer.seal([UInt8](repeating: 0x41, count: 2048))
        #expect(sealed.text.count <= 4096)
        let largest = try fixture.sealer.seal([UInt8](repeating: 0x41, count: SealedSignal.maxPlaintextBytes))
        #expect(largest.text.count <= 4096)
    }

    @Test func plaintextTooLargeForOneMessageIsRefusedWithoutUsingASequenceNumber() throws {
        let fixture = try Fixture()
        #expect(refusal { _ = try fixture.sealer.seal([UInt8](repeating: 0, count: SealedSignal.maxPlaintextBytes + 1)) } == .tooLarge)
        #expect(try fixture.seal("next").header.sequence == 1)
    }

    @Test func overlongLineIsRefusedAsTooLarge() throws {
        let fixture = try Fixture()
        let line = "sig1." + String(repeating: "A", count: 5000)
        #expect(refusal { _ = try fixture.opener(for: fixture.follower).open(text: line) } == .tooLarge)
    }

    @Test func everyFlippedByteIsRefusedAndLeavesTheReplayWindowUntouched() throws {
        let fixture = try Fixture()
        let store = MemoryReplayStore()
        let opener = try fixture.opener(for: fixture.follower, store: store)
        let sealed = try fixture.seal(#"{"side":"buy","qty":"1.5"}"#)
        let keyIDRange = 6..<14
        for index in sealed.bytes.indices {
            for mask: UInt8 in [0x01, 0x80, 0xff] {
                var bytes = sealed.bytes
                bytes[index] ^= mask
                let code = refusal { _ = try opener.open(SealedSignal(bytes: bytes)) }
                #expect(code != nil, "flipping byte \(index) with \(mask) was accepted")
                #expect(code != .decryptionFailed, "byte \(index): decryption was attempted before the signature held")
                if keyIDRange.contains(index) {
                    #expect(code == .unknownPublisher)
                } else if index >= 14 {
                    #expect(code == .badSignature || code == .wrongLength, "byte \(index): \(String(describing: code))")
                }
            }
        }
        #expect(try store.window(publisher: fixture.key.publisher, channel: fixture.key.channel) == ReplayWindow())
        #expect(try opener.open(sealed).sequence == 1)
    }

    @Test func everyChangedCharacterOfTheTextFormIsRefused() throws {
        let fixture = try Fixture()
        let opener = try fixture.opener(for: fixture.follower)
        let text = Array(try fixture.seal("x").text)
        for index in text.indices {
            var changed = text
            changed[index] = changed[index] == "Q" ? "R" : "Q"
            #expect(refusal { _ = try opener.open(text: String(changed)) } != nil, "a change at character \(index) was accepted")
        }
    }

    @Test func everyTruncationAndAnyExtensionIsRefused() throws {
        let fixture = try Fixture()
        let opener = try fixture.opener(for: fixture.follower)
        let sealed = try fixture.seal("truncate me")
        for length in 0..<sealed.bytes.count {
            #expect(refusal { _ = try opener.open(SealedSignal(bytes: Array(sealed.bytes.prefix(length)))) } != nil, "prefix of \(length) bytes accepted")
        }
        for extra in [[UInt8(0)], [1, 2, 3], [UInt8](repeating: 9, count: 64)] {
            #expect(refusal { _ = try opener.open(SealedSignal(bytes: sealed.bytes + extra)) } == .badSignature)
        }
    }

    @Test func signalFromAnUnpinnedPublisherIsRefused() throws {
        let fixture = try Fixture()
        let impostor = try Identity.generate(name: "desk")
        let key = try ChannelKey.generate(channelName: "alpha", channel: fixture.key.channel, publisher: impostor.publicIdentity.keyID, epoch: 1)
        let sealed = try ChannelSealer(identity: impostor, key: key, sequence: MemorySequenceCounter()).seal([1])
        #expect(refusal { _ = try fixture.opener(for: fixture.follower).open(sealed) } == .unknownPublisher)
    }

    @Test func signalSignedByAnotherKeyUnderThePinnedKeyIDIsRefusedAsBadSignature() throws {
        let fixture = try Fixture()
        let impostor = try Identity.generate(name: "desk")
        let header = EnvelopeHeader(
            contentType: .text, publisher: fixture.desk.publicIdentity.keyID, channel: fixture.key.channel, epoch: 1, sequence: 1,
            timestamp: Fixture.start, attachmentDigest: nil)
        // Forge: right key id, right channel key, but signed with the impostor's key.
        var writer = ByteWriter()
        header.encode(into: &writer)
        let nonce = Sodium.randomBytes(24)
        writer.append(nonce)
        writer.append(try Sodium.aeadEncrypt([1, 2][...], additionalData: writer.bytes[...], nonce: nonce[...], key: fixture.key.key))
        writer.append(try impostor.sign(writer.bytes[...]))
        #expect(refusal { _ = try fixture.opener(for: fixture.follower).open(SealedSignal(bytes: writer.bytes)) } == .badSignature)
    }

    @Test func signalOnAChannelWithoutAGrantIsRefusedAsUnknownChannel() throws {
        let fixture = try Fixture()
        let other = try ChannelKey.generate(channelName: "beta", channel: .random(), publisher: fixture.desk.publicIdentity.keyID, epoch: 1)
        let sealed = try ChannelSealer(identity: fixture.desk, key: other, sequence: MemorySequenceCounter(), clock: fixture.clock).seal([1])
        #expect(refusal { _ = try fixture.opener(for: fixture.follower).open(sealed) } == .unknownChannel)
    }

    @Test func revokedSubscriberCannotOpenTheNewEpochAndOldEpochIsRefusedAfterRevoke() throws {
        let fixture = try Fixture()
        let follower = try fixture.opener(for: fixture.follower)
        let carol = try fixture.opener(for: fixture.carol)
        let beforeRevoke = try fixture.seal("epoch 1")
        let lateOldEpoch = try fixture.seal("epoch 1, delivered late")
        _ = try follower.open(beforeRevoke)
        _ = try carol.open(beforeRevoke)

        // Revoke carol: epoch 2, granted to the follower only.
        let epoch2 = try ChannelKey.generate(channelName: "alpha", channel: fixture.key.channel, publisher: fixture.key.publisher, epoch: 2)
        let grant = try Grant.issue(epoch2, to: fixture.follower.publicIdentity, by: fixture.desk, at: Fixture.start)
        try follower.install(grant.open(from: fixture.desk.publicIdentity, as: fixture.follower))
        #expect(refusal { _ = try grant.open(from: fixture.desk.publicIdentity, as: fixture.carol) } == .notAddressedToYou)

        let sealer2 = try ChannelSealer(identity: fixture.desk, key: epoch2, sequence: MemorySequenceCounter(next: 3), clock: fixture.clock)
        let afterRevoke = try sealer2.seal(Array("epoch 2".utf8))
        #expect(try follower.open(afterRevoke).plaintext == Array("epoch 2".utf8))
        #expect(refusal { _ = try carol.open(afterRevoke) } == .unknownEpoch)
        #expect(refusal { _ = try follower.open(lateOldEpoch) } == .revokedEpoch)
    }

    @Test func grantsForOlderOrConflictingEpochsAreRefused() throws {
        let fixture = try Fixture()
        let opener = try fixture.opener(for: fixture.follower)
        let epoch2 = try ChannelKey.generate(channelName: "alpha", channel: fixture.key.channel, publisher: fixture.key.publisher, epoch: 2)
        try opener.install(epoch2)
        #expect(refusal { try opener.install(fixture.key) } == .staleGrant)
        let rival = try ChannelKey.generate(channelName: "alpha", channel: fixture.key.channel, publisher: fixture.key.publisher, epoch: 2)
        #expect(refusal { try opener.install(rival) } == .conflictingGrant)
        try opener.install(epoch2)  // the same key again is harmless
    }

    @Test func replayedSignalIsRefusedAndAReplayStoreSurvivesANewOpener() throws {
        let fixture = try Fixture()
        let store = MemoryReplayStore()
        let sealed = try fixture.seal("once")
        _ = try fixture.opener(for: fixture.follower, store: store).open(sealed)
        #expect(refusal { _ = try fixture.opener(for: fixture.follower, store: store).open(sealed) } == .replayed)
    }

    @Test func reorderedSignalsWithinTheWindowAreAcceptedAndGapsReported() throws {
        let fixture = try Fixture()
        let opener = try fixture.opener(for: fixture.follower)
        let signals = try (1...5).map { try fixture.seal("signal \($0)") }
        #expect(try opener.open(signals[0]).arrival == .first)
        #expect(try opener.open(signals[3]).arrival == .afterGap(missing: 2...3))
        #expect(try opener.open(signals[2]).arrival == .late)
        #expect(try opener.open(signals[1]).arrival == .late)
        #expect(try opener.open(signals[4]).arrival == .inOrder)
        #expect(refusal { _ = try opener.open(signals[2]) } == .replayed)
    }

    @Test(arguments: [
        (Int64(0), CryptoError.Code?.none),
        (86_400_000, nil),
        (86_400_001, .tooOld),
        (-300_000, nil),
        (-300_001, .fromTheFuture),
    ])
    func timestampsOutsideTheAllowedSkewAreRefused(openerClockOffset: Int64, expected: CryptoError.Code?) throws {
        let fixture = try Fixture()
        let sealed = try fixture.seal("tick")
        let opener = try fixture.opener(for: fixture.follower)
        fixture.clock.advance(by: openerClockOffset)
        #expect(refusal { _ = try opener.open(sealed) } == expected)
    }

    @Test func refusedStaleSignalDoesNotConsumeItsSequence() throws {
        let fixture = try Fixture()
        let store = MemoryReplayStore()
        let sealed = try fixture.seal("late")
        let opener = try fixture.opener(for: fixture.follower, store: store)
        fixture.clock.advance(by: 90_000_000)
        #expect(refusal { _ = try opener.open(sealed) } == .tooOld)
        #expect(try store.window(publisher: fixture.key.publisher, channel: fixture.key.channel).highest == 0)
    }
}
