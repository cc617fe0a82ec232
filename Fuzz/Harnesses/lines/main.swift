import FuzzSupport
import SignetCrypto

/// Harness 2: the one-line forms a person copies between machines (docs/PROTOCOL.md sections 2,
/// 3 and 5): the identity share line `PublicIdentity(shareLine:)`, the grant `Grant(text:)` and
/// its opening, and the public half of a secret key file `IdentityFile.publicIdentity(in:)`.
///
/// The whole input is offered to each parser, as `signet keys import`, `signet channel accept`
/// and `signet keys show` would receive it.
///
/// Proves, for any input: each parser returns or throws `CryptoError`, never traps; an accepted
/// identity line is its identity's canonical line again, and that line parses to the same
/// identity; an accepted grant's text form parses to the same grant; opening a grant as
/// `follower` from `desk` returns or throws, and a key it returns is the grant's channel and
/// epoch from `desk`; a grant never opens as from a publisher other than the one it names.
let follower = FixedKeys.followerIdentity()

fuzz { bytes in
    let line = text(bytes)
    if let identity = try? PublicIdentity(shareLine: line) {
        expect((try? PublicIdentity(shareLine: identity.shareLine)) == identity, "an identity's own line does not parse back to it")
        expect(identity.fingerprint == (try? PublicIdentity(shareLine: identity.shareLine))?.fingerprint, "the fingerprint changed")
    }
    if let identity = try? IdentityFile.publicIdentity(in: line) {
        expect((try? PublicIdentity(shareLine: identity.shareLine)) == identity, "a key file's identity does not survive its share line")
        _ = try? IdentityFile.isProtected(line)
    }
    guard let grant = try? Grant(text: line) else { return }
    expect((try? Grant(text: grant.text)) == grant, "a grant's own text form does not parse back to it")
    do {
        let key = try grant.open(from: FixedKeys.desk, as: follower)
        expect(grant.publisher == FixedKeys.desk.keyID, "a grant from \(grant.publisher) opened as desk's")
        expect(key.publisher == grant.publisher && key.channel == grant.channel, "the key is for another channel than the grant")
        expect(key.epoch == grant.epoch && key.channelName == grant.channelName, "the key is for another epoch or name than the grant")
    } catch {
        expect(error is CryptoError, "Grant.open threw something other than a CryptoError: \(error)")
    }
    expect((try? grant.open(from: FixedKeys.follower, as: follower)) == nil || grant.publisher == FixedKeys.follower.keyID,
           "a grant opened as from follower while naming \(grant.publisher)")
}
