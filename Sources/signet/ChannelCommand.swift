import ArgumentParser
import Foundation
import SignetApp
import SignetCrypto

/// `signet channel …`: one publisher, many subscribers, revocable.
struct ChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "Create channels, grant and revoke subscribers, accept grants.",
        subcommands: [Create.self, Grant.self, Accept.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a channel at epoch 1 with a fresh random key.")
        @Argument(help: "Channel name.")
        var channel: String
        @Option(name: .customLong("as"), help: "Your identity that publishes on it.")
        var publisher: String
        @Flag(help: "Re-create an existing channel (every subscriber then needs a new grant).")
        var force = false
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            let state = try reporting {
                let directory = keys.directory
                let identity = try directory.publicIdentity(publisher)
                return try directory.createChannel(
                    channel, publisher: identity, publisherName: publisher, at: nowMilliseconds(), force: force)
            }
            Console.note("created channel '\(state.name)' (id \(state.id)) at epoch \(state.epoch), published by '\(publisher)'")
            Console.note("grant subscribers with: signet channel grant \(state.name) ALIAS")
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a grant of the channel's current key for a trusted subscriber.",
            discussion: "The grant is one line that only that subscriber can open; post it or send it as you like.")
        @Argument(help: "Channel name.")
        var channel: String
        @Argument(help: "The subscriber's alias in your trust store.")
        var subscriber: String
        @Option(help: "Also write the grant to this file.")
        var out: String?
        @Flag(help: "Replace --out if it exists.")
        var force = false
        @OptionGroup var keys: KeyOptions
        @OptionGroup var passphrase: PassphraseOptions

        func run() async throws {
            let provider = try passphrase.provider()
            let grant = try reporting {
                let directory = keys.directory
                let identity = try directory.publisherIdentity(of: channel, passphrase: provider)
                return try directory.grant(channel, to: subscriber, by: identity, at: nowMilliseconds())
            }
            if let out { try writeOutputFile(Array((grant.text + "\n").utf8), to: out, force: force) }
            Console.note("grant of '\(channel)' epoch \(grant.epoch) for '\(subscriber)':")
            Console.out(grant.text)
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a grant from a trusted publisher and store its channel key.")
        @Argument(help: "The grant line (signet-grant1.…), or a file holding it.")
        var grantOrFile: String
        @Option(help: "The publisher's alias in your trust store.")
        var from: String
        @OptionGroup var keys: KeyOptions
        @OptionGroup var passphrase: PassphraseOptions

        func run() async throws {
            let text = try lineArgument(grantOrFile, prefix: "signet-grant", what: "grant")
            let provider = try passphrase.provider()
            let (subscription, alreadyHeld) = try reporting {
                try keys.directory.accept(SignetCrypto.Grant(text: text), from: from, passphrase: provider, at: nowMilliseconds())
            }
            if alreadyHeld {
                Console.note("already held: '\(subscription.channel)' epoch \(subscription.epoch) from '\(from)'")
            } else {
                Console.note(
                    "accepted '\(subscription.channel)' epoch \(subscription.epoch) from '\(from)' for identity '\(subscription.identity)'")
            }
        }

    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a subscriber: move the channel to a new epoch and print grants for the others.",
            discussion: "Send each remaining subscriber their new grant; until they accept it they cannot open new signals.")
        @Argument(help: "Channel name.")
        var channel: String
        @Argument(help: "The subscriber's alias.")
        var subscriber: String
        @Option(help: "Also write each grant to DIR/ALIAS.grant.")
        var outDir: String?
        @OptionGroup var keys: KeyOptions
        @OptionGroup var passphrase: PassphraseOptions

        func run() async throws {
            let provider = try passphrase.provider()
            let (state, grants) = try reporting {
                let directory = keys.directory
                let identity = try directory.publisherIdentity(of: channel, passphrase: provider)
                return try directory.revoke(channel, member: subscriber, by: identity, at: nowMilliseconds())
            }
            Console.note("revoked '\(subscriber)' from '\(channel)': the channel is now at epoch \(state.epoch)")
            if grants.isEmpty { Console.note("no other members remain") }
            for (alias, grant) in grants {
                if let outDir {
                    try writeOutputFile(Array((grant.text + "\n").utf8), to: "\(outDir)/\(alias).grant", force: true)
                }
                Console.note("new grant for '\(alias)':")
                Console.out(grant.text)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the channels you publish and those you subscribe to.")
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            try reporting {
                let directory = keys.directory
                for name in directory.channelNames() {
                    let state = try directory.channelState(name)
                    let members = state.members.map(\.alias).joined(separator: ", ")
                    Console.out(
                        "publish    \(name)  epoch \(state.epoch)  next seq \(state.nextSequence)  as \(state.publisher)  "
                            + "members: \(members.isEmpty ? "none" : members)")
                }
                for subscription in try directory.subscriptions() {
                    Console.out(
                        "subscribe  \(subscription.channel)  epoch \(subscription.epoch)  from \(subscription.publisher)  "
                            + "as \(subscription.identity)")
                }
            }
        }
    }
}
