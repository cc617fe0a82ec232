import ArgumentParser
import Foundation
import SignetApp
import SignetCrypto
import Trader

/// `signet verify`: check a signed-mode message (a public Telegram channel's post).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a signed message (a public channel's post, copied whole) is the publisher's, unchanged.",
        discussion: """
            Reads the message from --in FILE or standard input: the text and its last line, which starts \
            with 'signet-signed1.'. The signer must be an identity you pinned with 'signet keys import'. \
            Prints who signed it, the channel, sequence number and time, then the text; a refusal exits 1.
            """)

    @Option(name: .customLong("in"), help: "Read the message from this file instead of standard input.")
    var input: String?
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        let message = String(decoding: try input.map(readInputFile) ?? readStandardInput(), as: UTF8.self)
        let (signed, publisher) = try reporting {
            let peers = try keys.directory.trust.peers()
            let (signed, identity) = try SignedText.verify(message, publishers: peers.map(\.identity))
            let alias = peers.first { $0.identity.keyID == identity.keyID }?.alias ?? identity.name
            return (signed, "'\(alias)' (\(identity.fingerprint))")
        }
        Console.note(
            "verified: signed by \(publisher), channel \(signed.channel), sequence \(signed.sequence), "
                + "at \(Timestamp.format(Int64(signed.timestamp)))")
        Console.out(signed.text)
    }
}
