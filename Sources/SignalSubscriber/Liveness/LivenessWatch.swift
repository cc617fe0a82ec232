import Logging
import ServiceLifecycle
import Transport

/// Watches a subscriber's signal stream for what a hostile chat or a failing publisher would
/// hide: silence (no signal, not even a heartbeat, for `silence`), a burst of refused signals
/// (forged, replayed, sealed for an epoch whose grant was withheld), and a gap in the sequence
/// numbers still open after `gapGrace`. Each is logged as critical once when it starts, and as a
/// notice when it ends; the run's alert handlers (a chat of the owner's own) get the criticals.
public struct LivenessWatch: Service {
    let intake: MirrorIntake
    let inbox: Inbox
    let silence: Duration?
    let gapGrace: Duration
    let clock: any PacingClock
    let logger: Logger

    /// - Parameters:
    ///   - silence: how long without any signal is an alert; nil: never.
    ///   - gapGrace: how long a missing sequence number may stay missing (a slow transport, a gap fill).
    public init(
        intake: MirrorIntake, inbox: Inbox, silence: Duration?, gapGrace: Duration = .seconds(120),
        clock: any PacingClock = SystemPacingClock(), logger: Logger
    ) {
        self.intake = intake
        self.inbox = inbox
        self.silence = silence
        self.gapGrace = gapGrace
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        var state = State(started: clock.now())
        while !Task.isShuttingDownGracefully {
            do {
                try await clock.sleep(until: clock.now() + .seconds(1))
            } catch {
                return
            }
            try await check(&state)
        }
    }

    /// What the watch has seen and reported so far.
    struct State {
        var lastSignal: Duration
        var lastSignalMark: Int64?
        var silent = false
        var refused: [String: Int] = [:]
        var lastRefusalAlert: Duration?
        var gapsSeen: [String: Duration] = [:]
        var gapsReported: Set<String> = []
        var conflicts = 0
        var lastGapCheck: Duration = .zero

        init(started: Duration) { lastSignal = started }
    }

    func check(_ state: inout State) async throws {
        let now = clock.now()
        let mark = await intake.lastSignalAt
        if mark != state.lastSignalMark {
            state.lastSignalMark = mark
            if state.silent {
                logger.notice("signals again after \(Self.seconds(now - state.lastSignal)) s of silence")
                state.silent = false
            }
            state.lastSignal = now
        } else if let silence, !state.silent, now - state.lastSignal > silence {
            state.silent = true
            let message = "no signal for \(Self.seconds(now - state.lastSignal)) s, not even a heartbeat: the publisher, the chat "
                + "or this subscriber's connection may be down, or someone is holding the signals back"
            logger.critical("\(message)")
        }
        try await checkRefusals(&state, now: now)
        await checkConflicts(&state)
        if now - state.lastGapCheck >= .seconds(10) {
            state.lastGapCheck = now
            try checkGaps(&state, now: now)
        }
    }

    private func checkConflicts(_ state: inout State) async {
        let conflicts = await intake.outcomes["conflict", default: 0]
        guard conflicts > state.conflicts else { return }
        state.conflicts = conflicts
        let message = "a signal arrived twice with different contents, both signed by the publisher's key (\(conflicts) so far): "
            + "the key may be stolen, or the publisher signed two signals as one; the first was kept"
        logger.critical("\(message)")
    }

    private func checkRefusals(_ state: inout State, now: Duration) async throws {
        let refused = await intake.outcomes.filter { $0.key.hasPrefix("refused: ") }
        let new = refused.compactMap { key, count -> String? in
            let before = state.refused[key] ?? 0
            return count > before ? "\(key.dropFirst(9)) \(count - before)" : nil
        }
        state.refused = refused
        guard !new.isEmpty else { return }
        // One alert per burst: refusals within a minute of the last alert belong to it.
        if let last = state.lastRefusalAlert, now - last < .seconds(60) { return }
        state.lastRefusalAlert = now
        let message = "signals refused (\(new.sorted().joined(separator: ", "))): forged or replayed signals in the chat, "
            + "or a new epoch whose grant did not reach this subscriber"
        logger.critical("\(message)")
    }

    private func checkGaps(_ state: inout State, now: Duration) throws {
        var open: Set<String> = []
        for stream in try inbox.streams() {
            for sequence in try inbox.gaps(publisher: stream.publisher, channel: stream.channel) {
                let key = "\(stream.channel)#\(sequence)"
                open.insert(key)
                let seen = state.gapsSeen[key] ?? now
                state.gapsSeen[key] = seen
                if now - seen > gapGrace, state.gapsReported.insert(key).inserted {
                    let message = "signal #\(sequence) of channel \(stream.channel.prefix(8))… never arrived "
                        + "(\(Self.seconds(now - seen)) s): a transport lost it or someone withheld it; target mode heals at the "
                        + "next snapshot, orders mode does not"
                    logger.critical("\(message)")
                }
            }
        }
        for key in state.gapsSeen.keys where !open.contains(key) {
            state.gapsSeen[key] = nil
            if state.gapsReported.remove(key) != nil { logger.notice("signal \(key) arrived late; the gap is filled") }
        }
    }

    static func seconds(_ duration: Duration) -> Int64 { duration.components.seconds }
}
