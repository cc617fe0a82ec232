import ArgumentParser
import SignetApp
import SignetCrypto

/// `signet keygen NAME`: a new identity.
struct Keygen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an identity: an Ed25519 signing keypair and an X25519 encryption keypair.",
        discussion: """
            The secret key file NAME.secret is written atomically with mode 0600 in a 0700 directory,
            and is never overwritten without --force. With --passphrase-env the secrets are sealed
            under the passphrase (Argon2id, then XSalsa20-Poly1305).
            """)

    @Argument(help: "Name of the identity (letters, digits, '.', '_', '-').")
    var name: String

    @OptionGroup var keys: KeyOptions
    @OptionGroup var passphrase: PassphraseOptions

    @Option(help: "Passphrase hashing cost: moderate (256 MiB, default) or interactive (64 MiB).")
    var kdfCost: KDFCost = .moderate

    @Flag(help: "Replace an existing identity of this name (its old keys are lost).")
    var force = false

    enum KDFCost: String, ExpressibleByArgument {
        case moderate, interactive
        var cost: IdentityFile.PassphraseCost { self == .moderate ? .moderate : .interactive }
    }

    func run() async throws {
        let phrase = try passphrase.passphrase()
        let identity = try reporting {
            try keys.directory.createIdentity(name: name, passphrase: phrase, cost: kdfCost.cost, force: force)
        }
        Console.note("created identity '\(name)' in \(keys.dir)"
            + "\(phrase == nil ? " (no passphrase: the secret file is protected by its 0600 mode only)" : ", protected by a passphrase")")
        Console.note("share this line with your peers, and read them the fingerprint to confirm it:")
        Console.out(identity.shareLine)
        Console.out("fingerprint: \(identity.fingerprint)")
    }
}
