import Foundation
import SignalSubscriber
import SignetCrypto
import Trader

/// The signal side of a mirroring run: the receiver (verifies, decrypts, stores in the inbox),
/// the intake that puts signals on the board, the board's price feed, and the mirror strategies.
struct MirrorWiring: Sendable {
    let intake: MirrorIntake
    let feed: SignalPriceFeed
    let strategy: MirrorStrategy
    let shadowStrategy: MirrorStrategy?
    let clock: @Sendable () -> Int64
    /// Signals received before a restart but not yet acted on, handed over again.
    let resumed: Int

    static func make(
        _ request: MirrorRequest, policy: Settings.Mirror, instruments: [Instrument], directory: RunDirectory, inbox: Inbox,
        note: @escaping Note
    ) async throws -> MirrorWiring {
        let journaledTags = try CSVJournal.tags(ordersPath: directory.ordersPath)
        let clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
        let saved = try JournalState.saved(directory)
        let feed = SignalPriceFeed(after: saved?.lastBarTime ?? 0)
        // A new run acts on what is sealed from now on; --catch-up (or a later session) on what it finds.
        let notBefore = saved == nil && !request.catchUp ? clock() : nil
        let board = MirrorBoard()
        let keys = KeyDirectory(path: request.keysPath)
        let receiver = SignalReceiver(
            opener: try keys.makeOpener(publisher: request.publisher, channel: request.channel, replayStore: MemoryReplayStore()),
            inbox: inbox)
        let phrase = request.passphrase, alias = request.publisher
        let intake = MirrorIntake(
            receiver: receiver, board: board, inbox: inbox, policy: policy, instruments: instruments.map(\.symbol),
            feed: feed, clock: clock,
            acceptGrant: { text in
                // A grant published on the channel after a revocation: only the one addressed to us is accepted.
                let grant = try Grant(text: text)
                guard keys.identityName(for: grant.subscriber) != nil else { return nil }
                let (subscription, _) = try keys.accept(grant, from: alias, passphrase: { phrase }, at: UInt64(clock()))
                note("accepted the grant of '\(subscription.channel)' epoch \(subscription.epoch) published on the channel")
                return try keys.subscriptionKey(subscription)
            })
        let resumed = try await intake.resume()
        // Attempts are counted in the inbox by the live mirror only (the shadow reads a tap of its board).
        let attempt: @Sendable (MirrorBoard.SignalID) -> Int = { id in
            (try? inbox.noteAttempt(publisher: id.publisher, channel: id.channel, sequence: id.sequence)) ?? 1
        }
        let strategy = MirrorStrategy(
            board: board, policy: policy, journaledTags: journaledTags, pacedBySignals: true, notBefore: notBefore, attempt: attempt,
            now: clock)
        // The shadow mirrors the same signals, as the live mirror takes them, on a paper broker.
        let shadow = request.tracking.shadow
            ? MirrorStrategy(
                board: board.shadowBoard(), policy: policy, journaledTags: journaledTags, pacedBySignals: true, notBefore: notBefore,
                now: clock)
            : nil
        return MirrorWiring(intake: intake, feed: feed, strategy: strategy, shadowStrategy: shadow, clock: clock, resumed: resumed)
    }
}
