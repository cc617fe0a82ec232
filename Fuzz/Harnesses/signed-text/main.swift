import FuzzSupport
import SignetCrypto

/// Harness 3: signed text for public channels (docs/PROTOCOL.md section 12, `SignedText`), as
/// `signet verify`, the signed Telegram output and receipts use it.
///
/// Proves, for any input: `SignedText.verify` against the pinned `desk` and `follower` returns or
/// throws `CryptoError`, never traps, and what it returns names the identity that checked it and
/// is in normal form; `normalise` is idempotent; and signing the input as `desk` then verifying the
/// message gives back exactly the normalised input, channel, sequence and timestamp, also with the
/// message's line ends turned into CRLF (as chat apps do) and unsigned text after the signature
/// line (which a reader ignores).
let desk = FixedKeys.deskIdentity()
let pinned = [FixedKeys.desk, FixedKeys.follower]

fuzz { bytes in
    let input = text(bytes)
    do {
        let (signed, identity) = try SignedText.verify(input, publishers: pinned)
        expect(identity.keyID == signed.publisher, "verified by \(identity.keyID) for a line naming \(signed.publisher)")
        expect(SignedText.normalise(signed.text) == signed.text, "verified text is not in normal form")
    } catch {
        expect(error is CryptoError, "SignedText.verify threw something other than a CryptoError: \(error)")
    }
    let normal = SignedText.normalise(input)
    expect(SignedText.normalise(normal) == normal, "normalise is not idempotent")

    let sequence = UInt64(bytes.count), timestamp = FixedKeys.now + UInt64(bytes.first ?? 0)
    let message: String
    do {
        message = try SignedText.sign(input, by: desk, channel: FixedKeys.channel, sequence: sequence, timestamp: timestamp)
    } catch {
        violated("signing failed: \(error)")
    }
    for variant in [message, (message + "\nposted by a bot").replacingNewlines(with: "\r\n")] {
        guard let (signed, identity) = try? SignedText.verify(variant, publishers: pinned) else {
            violated("a message desk signed does not verify: \(variant.debugDescription)")
        }
        expect(
            identity == FixedKeys.desk && signed.text == normal,
            "verified \(signed.text.debugDescription), signed \(normal.debugDescription)")
        expect(signed.channel == FixedKeys.channel && signed.sequence == sequence && signed.timestamp == timestamp, "header changed")
    }
}

extension String {
    /// Every `\n` replaced by `separator`.
    func replacingNewlines(with separator: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: separator)
    }
}
