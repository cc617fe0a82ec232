#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SignetCrypto

/// The fixed key set of the harnesses: the identities and the channel of docs/PROTOCOL.md section
/// 10 (`desk` publishes channel `alpha`, epoch 1; `follower` subscribes), so that the seed corpus
/// (Fuzz/make_corpus.py seals with the same keys) opens, and every run of a harness on an input
/// does the same thing.
///
/// Secret identities are loaded through a throwaway key directory, the public way the CLI loads them.
public enum FixedKeys {
    /// docs/PROTOCOL.md §10, `desk.line`.
    public static let deskLine =
        "signet-id1.U0dJAQRkZXNrA6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg1gHLWNliA0a7qMprfkSE4OFHtIaKOO3XpZdDSzRZiVMCPzo8"
    /// docs/PROTOCOL.md §10, `follower.line`.
    public static let followerLine =
        "signet-id1.U0dJAQhmb2xsb3dlciVDuS_xCVURR2rcg2nbbdyTNmWhGXjdoUBO4QZsqVWdZ13VdO13iTELPS52gfN5C0ZsdzsVIf7PNld5WDcepS-d4T1k"
    /// docs/PROTOCOL.md §10, `desk.secret_file` (not protected).
    static let deskSecret =
        "signet-secret1.U0dLAQAEZGVzawOhB7_zzhC-HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQAAQIDBAUG"
        + "BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4_"
    /// docs/PROTOCOL.md §10, `follower.secret_file` (protected, minimum Argon2id cost).
    static let followerSecret =
        "signet-secret1.U0dLAQEIZm9sbG93ZXIlQ7kv8QlVEUdq3INp223ckzZloRl43aFATuEGbKlVnWdd1XTtd4kxCz0udoHzeQtGbHc7FSH-zzZXeVg3HqUvAAA"
        + "AAAAAAAEAAAAAAAAgAOioNkg0KHt-CwfD4iuHRzLa9s8-S99_gjAzZ99CptI-jqq3OZUUhLNuIjQhYYifuywjmhAUm6Ghnldp6JP9xQy8cRpfjr5f5tAYss"
        + "QGZQyeH5isxz74LN_q4mxJuS6TlFYGGEDy1r_fl_LuejwRDDswoinvA3gLDw"
    static let followerPassphrase = Array("correct horse battery staple".utf8)
    /// docs/PROTOCOL.md §10, `channel.id` and `channel.key`.
    public static let channelHex = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
    static let channelKeyHex = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
    /// The time of the vector signals (Unix ms): the harnesses' clock, so the seeds are fresh.
    public static let now: UInt64 = 1_763_700_000_000

    public static let desk = load { try PublicIdentity(shareLine: deskLine) }
    public static let follower = load { try PublicIdentity(shareLine: followerLine) }
    public static let channel = load { try ChannelID(hex: channelHex) }

    /// The publisher's secret identity (signs signed text).
    public static func deskIdentity() -> Identity { load { try directory().loadIdentity("desk", passphrase: { nil }) } }

    /// The subscriber's secret identity (opens grants).
    public static func followerIdentity() -> Identity {
        load { try directory().loadIdentity("follower", passphrase: { followerPassphrase }) }
    }

    /// A fresh copy of channel `alpha`'s epoch 1 key (a key is not `Sendable`: each caller owns its copy).
    public static func channelKey() -> ChannelKey {
        load {
            var bytes = hex(channelKeyHex)
            return try ChannelKey.restore(channelName: "alpha", channel: channel, publisher: desk.keyID, epoch: 1, key: &bytes)
        }
    }

    /// An opener that trusts `desk` and holds `alpha`'s key, with a clock at ``now`` and an empty replay window.
    public static func opener() -> SignalOpener {
        let opener = SignalOpener(
            publishers: [desk], replayStore: MemoryReplayStore(), clock: ManualTimeSource(milliseconds: now))
        load { try opener.install(channelKey()) }
        return opener
    }

    /// A key directory holding both secret key files, written once per process.
    private static func directory() throws -> KeyDirectory {
        var template = Array("/tmp/signet-fuzz-keys-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else { violated("cannot create a temporary key directory") }
        let directory = String(cString: path)
        for (name, line) in [("desk", deskSecret), ("follower", followerSecret)] {
            let file = "\(directory)/\(name).secret"
            let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { violated("cannot write \(file)") }
            let bytes = Array((line + "\n").utf8)
            guard write(fd, bytes, bytes.count) == bytes.count else { violated("cannot write \(file)") }
            close(fd)
        }
        return KeyDirectory(path: directory)
    }

    /// The harness's own set-up: a failure here is a broken harness, not a finding.
    static func load<T>(_ body: () throws -> T) -> T {
        do {
            return try body()
        } catch {
            violated("the fixed key set does not load: \(error)")
        }
    }

    static func hex(_ text: String) -> [UInt8] {
        guard let bytes = Hex.decode(text) else { violated("bad hex in the harness: \(text)") }
        return bytes
    }
}
