import ArgumentParser
import Foundation
import SignetApp
import SignetCrypto

/// `signet open`: verify and decrypt one signal line, by hand.
struct Open: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify and decrypt a signal line (file or standard input); print its plaintext or the refusal.",
        discussion: """
            Checks run in this order: format and version, pinned publisher, signature (before anything
            is decrypted), channel and epoch, decryption, timestamp, replay. A refusal exits non-zero.
            An accepted sequence number is recorded, so opening the same signal twice is refused.
            """)

    @Option(name: .customLong("in"), help: "Read the signal line from this file instead of standard input.")
    var input: String?
    @Option(help: "The sealed attachment file the signal refers to.")
    var attachment: String?
    @Option(help: "Where to write the decrypted attachment.")
    var attachmentOut: String?
    @Option(help: "Refuse signals older than this many seconds.")
    var maxAge: UInt64 = TimestampPolicy.standard.maxAgeMilliseconds / 1000
    @Option(help: "Refuse signals stamped more than this many seconds ahead of this clock.")
    var maxSkew: UInt64 = TimestampPolicy.standard.maxFutureMilliseconds / 1000
    @Option(help: ArgumentHelp("Check timestamps as if the clock read this Unix time in milliseconds.", valueName: "ms"))
    var at: UInt64?
    @Flag(help: "Replace an existing --attachment-out file.")
    var force = false
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        let line = String(decoding: try input.map(readInputFile) ?? readStandardInput(), as: UTF8.self)
        let sealedAttachment = try attachment.map(readInputFile)
        let policy = TimestampPolicy(maxAgeMilliseconds: maxAge * 1000, maxFutureMilliseconds: maxSkew * 1000)
        let clock: any TimeSource = at.map { ManualTimeSource(milliseconds: $0) } ?? SystemTimeSource()
        let (signal, opened) = try reporting {
            let opener = try keys.directory.makeOpener(policy: policy, clock: clock)
            let signal = try opener.open(text: line)
            let opened = try sealedAttachment.map { try opener.openAttachment($0, for: signal) }
            return (signal, opened)
        }
        let stamp = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(signal.header.timestamp) / 1000))
        Console.note(
            "verified: from '\(signal.publisher.name)' (\(signal.publisher.fingerprint)), channel '\(signal.channelName)', "
                + "epoch \(signal.header.epoch), sequence \(signal.sequence), sealed \(stamp), \(signal.header.contentType)")
        switch signal.arrival {
        case .afterGap(let missing):
            Console.note("warning: signals \(missing.lowerBound)...\(missing.upperBound) have not arrived (gap before \(signal.sequence))")
        case .late:
            Console.note("note: signal \(signal.sequence) arrived late, filling an earlier gap")
        case .first, .inOrder:
            break
        }
        if signal.header.attachmentDigest != nil && opened == nil {
            Console.note("note: this signal is bound to an attachment; pass --attachment FILE to open it")
        }
        if let opened {
            if let attachmentOut {
                try writeOutputFile(opened.plaintext, to: attachmentOut, force: force)
                Console.note("attachment (\(opened.contentType), \(opened.plaintext.count) bytes) written to \(attachmentOut)")
            } else {
                Console.note(
                    "attachment verified (\(opened.contentType), \(opened.plaintext.count) bytes); pass --attachment-out FILE to save it")
            }
        }
        Console.outRaw(signal.plaintext)
        if signal.plaintext.last != 0x0a { Console.outRaw([0x0a]) }
    }
}
