import ArgumentParser
import SignetApp
import SignetCrypto

/// `signet seal --channel C`: seal a plaintext into a signal line, by hand.
struct Seal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seal a plaintext (file or standard input) into one signal line on a channel you publish.",
        discussion: "Each seal takes the channel's next sequence number, recorded on disk before the signal is printed.")

    @Option(help: "Channel to seal on.")
    var channel: String
    @Option(name: .customLong("in"), help: "Read the plaintext from this file instead of standard input.")
    var input: String?
    @Option(help: "Content type: json (default), text or binary.")
    var type: String = "json"
    @Option(help: "Also seal this file (a chart PNG) as an attachment bound to the signal.")
    var attach: String?
    @Option(help: "Where to write the sealed attachment (default: the --attach path plus .sealed).")
    var attachOut: String?
    @Flag(help: "Replace an existing sealed attachment file.")
    var force = false
    @OptionGroup var keys: KeyOptions
    @OptionGroup var passphrase: PassphraseOptions

    func run() async throws {
        guard let contentType = ContentType(name: type) else {
            throw ValidationError("unknown --type '\(type)': use json, text or binary")
        }
        let plaintext = try input.map(readInputFile) ?? readStandardInput()
        let attachment = try attach.map(readInputFile)
        let provider = try passphrase.provider()
        let (signal, sealedAttachment) = try reporting {
            let directory = keys.directory
            let identity = try directory.publisherIdentity(of: channel, passphrase: provider)
            let sealer = try ChannelSealer(
                identity: identity, key: directory.channelKey(channel), sequence: directory.sequenceCounter(channel))
            let sealedAttachment = try attachment.map { try sealer.sealAttachment($0, contentType: .png) }
            return (try sealer.seal(plaintext, contentType: contentType, attachment: sealedAttachment), sealedAttachment)
        }
        if let sealedAttachment, let attach {
            let path = attachOut ?? attach + ".sealed"
            try writeOutputFile(sealedAttachment.bytes, to: path, force: force)
            Console.note("sealed attachment written to \(path)")
        }
        Console.note("sealed signal \(signal.header.sequence) on '\(channel)' epoch \(signal.header.epoch)")
        Console.out(signal.text)
    }
}
