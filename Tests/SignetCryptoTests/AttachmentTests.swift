import Testing
@testable import SignetCrypto

@Suite("Sealed attachments")
struct AttachmentTests {
    let png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] + [UInt8](repeating: 7, count: 5000)

    @Test func attachmentBoundToASignalOpens() throws {
        let fixture = try Fixture()
        let attachment = try fixture.sealer.sealAttachment(png)
        let signal = try fixture.sealer.seal(Array("chart".utf8), attachment: attachment)
        #expect(signal.header.attachmentDigest == attachment.digest)
        let opener = try fixture.opener(for: fixture.follower)
        let opened = try opener.open(text: signal.text)
        let chart = try opener.openAttachment(attachment.bytes, for: opened)
        #expect(chart.plaintext == png)
        #expect(chart.contentType == .png)
    }

    @Test func swappedAttachmentIsRefused() throws {
        let fixture = try Fixture()
        let bound = try fixture.sealer.sealAttachment(png)
        let other = try fixture.sealer.sealAttachment(png)  // same content, new nonce: another attachment
        let opener = try fixture.opener(for: fixture.follower)
        let opened = try opener.open(fixture.sealer.seal([1], attachment: bound))
        #expect(refusal { _ = try opener.openAttachment(other.bytes, for: opened) } == .attachmentMismatch)
        let plain = try opener.open(fixture.sealer.seal([2]))
        #expect(refusal { _ = try opener.openAttachment(bound.bytes, for: plain) } == .attachmentMismatch)
    }

    @Test func alteredAttachmentIsRefused() throws {
        let fixture = try Fixture()
        let attachment = try fixture.sealer.sealAttachment(png)
        let opener = try fixture.opener(for: fixture.follower)
        let opened = try opener.open(fixture.sealer.seal([1], attachment: attachment))
        for index in [0, 5, 20, 60, 500, attachment.bytes.count - 1] {
            var bytes = attachment.bytes
            bytes[index] ^= 0x01
            #expect(refusal { _ = try opener.openAttachment(bytes, for: opened) } != nil)
        }
    }
}
