import FuzzSupport
import SignetCrypto

/// Harness 1: the envelope's text form and opening (docs/PROTOCOL.md sections 6 to 9):
/// `SealedSignal(text:)`, `SealedAttachment(bytes:)`, and `SignalOpener` holding the fixed key set
/// (FixedKeys: publisher `desk`, channel `alpha` epoch 1, the clock at the vectors' time).
///
/// An input is chat text, one signal line per line, optionally followed by a NUL byte and the
/// bytes of a sealed attachment. Every line is parsed and opened, in order, by one opener, so a
/// run also exercises the replay window; the attachment is parsed and opened against every opened
/// signal that names one, and against the vector signal bound to the vector attachment.
///
/// Proves, for any input: parsing and opening return or throw `CryptoError`, never trap; a parsed
/// signal parses again from its own bytes and text form to the same value; an opened signal is
/// the parsed one, from `desk` on `alpha`, with as many plaintext bytes as its envelope leaves;
/// an opened attachment is as long as its envelope leaves.
let boundSignal: OpenedSignal = {
    let line = "sig1.U0dFAQIBHkY-GF3jxt-goaKjpKWmp6ipqqusra6vAAAAAQAAAAAAAAArAAABmqS2SOiCrlFnDCkFHvNBB8nMDdl9gqftyCnyLeuEKKSLA6AgHz"
        + "AxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR4xOFdCGoRFOi0lRsKR7hJfBlNBBOoo2ergl8KwMsTDXQFM-uM-rgFBx3PSkn_GaEURS0W9tt5FuCWqLZBSV6-"
        + "E0hjrRNKQ0PBd-Kei4Kvt-B9ixDT0kSeuC5_j80wA"
    do {
        return try FixedKeys.opener().open(text: line)
    } catch {
        violated("the vector signal2.line does not open with the fixed keys: \(error)")
    }
}()

/// Header, nonce, tag and signature: what an envelope holds besides its plaintext.
let signalOverhead = 50 + 24 + 16 + 64
let attachmentOverhead = 42 + 24 + 16 + 64

fuzz { bytes in
    let (message, attachment) = split(bytes, at: 0)
    let opener = FixedKeys.opener()
    var bound: [OpenedSignal] = [boundSignal]
    for line in text(message).split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
        guard let parsed = try? SealedSignal(text: line) else {
            expect((try? opener.open(text: line)) == nil, "a line that does not parse opened: \(line)")
            continue
        }
        expect((try? SealedSignal(bytes: parsed.bytes)) == parsed, "a parsed signal does not parse again from its bytes")
        expect((try? SealedSignal(text: parsed.text)) == parsed, "a parsed signal does not parse again from its text form")
        guard let opened = try? opener.open(text: line) else { continue }
        expect(opened.header == parsed.header, "opened header \(opened.header) is not the parsed \(parsed.header)")
        expect(opened.publisher == FixedKeys.desk && opened.channelName == "alpha", "opened as another publisher or channel")
        let digest = parsed.header.attachmentDigest == nil ? 0 : 32
        expect(
            opened.plaintext.count == parsed.bytes.count - signalOverhead - digest,
            "\(opened.plaintext.count) bytes of plaintext from an envelope of \(parsed.bytes.count)")
        if digest > 0 { bound.append(opened) }
    }
    guard let attachment else { return }
    guard let parsed = try? SealedAttachment(bytes: attachment) else { return }
    expect((try? SealedAttachment(bytes: parsed.bytes)) == parsed, "a parsed attachment does not parse again from its bytes")
    for signal in bound {
        guard let opened = try? opener.openAttachment(attachment, for: signal) else { continue }
        expect(opened.contentType == parsed.contentType, "the opened attachment changed its content type")
        expect(
            opened.plaintext.count == attachment.count - attachmentOverhead,
            "\(opened.plaintext.count) bytes of plaintext from an attachment of \(attachment.count)")
    }
}
