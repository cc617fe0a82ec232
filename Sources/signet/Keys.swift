import ArgumentParser
import Foundation
import SignetApp
import SignetCrypto

/// `signet keys …`: share your identity and pin your peers'.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show, export and import identities; list and remove trusted peers.",
        subcommands: [Show.self, Export.self, Import.self, List.self, Remove.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an identity's share line and its fingerprint (no secret is shown).")

        @Argument(help: "An identity of yours, or an alias from your trust store.")
        var name: String
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            let identity = try reporting {
                let directory = keys.directory
                if directory.identityNames().contains(name) { return try directory.publicIdentity(name) }
                return try directory.trust.peer(name).identity
            }
            Console.out(identity.shareLine)
            Console.out("fingerprint: \(identity.fingerprint)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write an identity's share line and fingerprint to a file.")

        @Argument(help: "An identity of yours.")
        var name: String
        @Option(help: "File to write.")
        var out: String
        @Flag(help: "Replace the file if it exists.")
        var force = false
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            let identity = try reporting { try keys.directory.publicIdentity(name) }
            let text = "\(identity.shareLine)\n# fingerprint: \(identity.fingerprint)\n"
            try writeOutputFile(Array(text.utf8), to: out, force: force)
            Console.note("wrote the public identity of '\(name)' to \(out)")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pin a peer's identity in your trust store.",
            discussion: "Compare the printed fingerprint with the one the peer reads to you before relying on it.")

        @Argument(help: "The peer's share line (signet-id1.…), or a file holding it.")
        var lineOrFile: String
        @Option(name: .customLong("as"), help: "Local alias for the peer.")
        var alias: String
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            let line = try lineArgument(lineOrFile, prefix: "signet-id", what: "identity line")
            let peer = try reporting {
                let identity = try PublicIdentity(shareLine: line)
                return try keys.directory.trust.add(identity, as: alias, at: nowMilliseconds())
            }
            Console.note("trusted '\(peer.alias)' (their name: \(peer.identity.name))")
            Console.out("fingerprint: \(peer.identity.fingerprint)")
        }

    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your identities and your trusted peers.")
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            let directory = keys.directory
            try reporting {
                for name in directory.identityNames() {
                    let identity = try directory.publicIdentity(name)
                    let protected = try directory.isProtected(name) ? "passphrase" : "no passphrase"
                    Console.out("identity  \(name)  \(identity.fingerprint)  key \(identity.keyID)  (\(protected))")
                }
                for peer in try directory.trust.peers() {
                    Console.out(
                        "peer      \(peer.alias)  \(peer.identity.fingerprint)  key \(peer.identity.keyID)  "
                            + "(their name: \(peer.identity.name))")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a peer from your trust store.",
            discussion: "This does not revoke their channel access: use 'signet channel revoke' for that.")
        @Argument(help: "The peer's alias.")
        var alias: String
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            try reporting { try keys.directory.trust.remove(alias) }
            Console.note("removed '\(alias)' from the trust store")
        }
    }
}
