import ArgumentParser
import Foundation
import Notifiers
import SignalSubscriber
import SignalWire
import SignetApp
import SignetCrypto
import Trader

/// `signet receipts`: the publisher reads its subscribers' signed receipts and sees its delivery latency.
struct ReceiptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts",
        abstract: "Read the signed receipts subscribers post (signet mirror --receipts) and report delivery latency per subscriber.",
        discussion: """
            Reads the Slack channel --from-slack with the bot of the slack section of settings.yml, keeps the receipts \
            for --channel signed by an identity in your trust store (the subscribers you granted), and prints for each \
            subscriber how many fills it reported, the latency from your sealing a signal to its arrival there, and its \
            last fill. Messages that are not receipts, or whose signature does not check, are counted and left out.
            """)

    @Option(help: "Your channel whose receipts to read.")
    var channel: String
    @Option(help: "The Slack channel id the subscribers post receipts to.")
    var slackChannel: String?
    @Option(name: .customLong("from-slack"), help: .hidden)
    var oldFromSlack: String?
    @Option(help: "Settings file (default $SIGNET_HOME/settings.yml).")
    var settings: String?
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        guard let fromSlack = Deprecated.pick(slackChannel, old: oldFromSlack, oldName: "--from-slack", newName: "--slack-channel") else {
            throw ValidationError("name the Slack channel id the subscribers post receipts to: --slack-channel C…")
        }
        let settingsPath = settings ?? "\(RunDirectory.defaultHome())/settings.yml"
        guard let slack = try Settings.load(path: settingsPath).slack else {
            throw ValidationError("signet receipts reads Slack with the bot of the slack section of \(settingsPath) (token); add it")
        }
        let channelID = try reporting { try keys.directory.channelState(channel).id }
        let peers = try reporting { try keys.directory.trust.peers() }
        let client = SlackClient(token: slack.token, baseURL: slack.apiURL ?? SlackClient.defaultBaseURL, limiter: nil)
        var messages: [SlackClient.Message] = []
        var cursor: String?
        repeat {
            let page = try await client.history(channel: fromSlack, cursor: cursor)
            messages += page.messages
            cursor = page.hasMore ? page.nextCursor : nil
        } while cursor != nil

        var bySubscriber: [String: [Receipt]] = [:]
        var unreadable = 0
        for message in messages {
            guard let text = message.text, let (signed, identity) = try? SignedText.verify(text, publishers: peers.map(\.identity)),
                signed.channel == channelID, let receipt = Receipt.parse(signed.text, channel: "\(channelID)"),
                receipt.sequence == signed.sequence
            else {
                unreadable += 1
                continue
            }
            let alias = peers.first { $0.identity.keyID == identity.keyID }?.alias ?? "\(identity.keyID)"
            bySubscriber[alias, default: []].append(receipt)
        }
        guard !bySubscriber.isEmpty else {
            Console.out("no receipts for '\(channel)' in \(fromSlack)\(unreadable > 0 ? " (\(unreadable) other messages)" : "")")
            return
        }
        for (alias, receipts) in bySubscriber.sorted(by: { $0.key < $1.key }) {
            let latencies = receipts.map(\.latency)
            let last = receipts.max { $0.sequence < $1.sequence }
            Console.out(
                "\(alias): \(receipts.count) fills, delivery \(TrackCommand.latency(latencies))"
                    + (last.map { "; last #\($0.sequence) \($0.side.rawValue) \($0.quantity) \($0.symbol) @ \($0.price)" } ?? ""))
        }
        if unreadable > 0 {
            Console.note(
                "\(unreadable) message(s) in \(fromSlack) are not receipts signed by a trusted subscriber for '\(channel)'; left out")
        }
    }
}
