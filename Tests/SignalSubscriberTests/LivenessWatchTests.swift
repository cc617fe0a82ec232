import Foundation
import Logging
import SignalWire
import Synchronization
import Testing
import Transport
@testable import SignalSubscriber

/// Keeps what is logged at notice and above.
struct CapturedLog: LogHandler {
    let store: Captured
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) { store.lines.withLock { $0.append((event.level, event.message.description)) } }
}

final class Captured: Sendable {
    let lines = Mutex<[(Logger.Level, String)]>([])
    var logger: Logger { Logger(label: "test") { _ in CapturedLog(store: self) } }
    func critical(containing text: String) -> Bool { lines.withLock { $0.contains { $0.0 == .critical && $0.1.contains(text) } } }
    func notice(containing text: String) -> Bool { lines.withLock { $0.contains { $0.0 == .notice && $0.1.contains(text) } } }
}

@Suite("Liveness: silence, refusals and gaps raise alerts")
struct LivenessWatchTests {
    static func setUp() throws -> (Line, MirrorIntake, Inbox, LivenessWatch, ManualPacingClock, Captured) {
        let line = try Line()
        let inbox = try Inbox(path: line.inboxPath)
        let intake = MirrorIntake(
            receiver: try line.makeReceiver(inbox: inbox), board: MirrorBoard(), inbox: inbox, policy: MirrorSettings(), instruments: ["BTC/USD"])
        let clock = ManualPacingClock()
        let captured = Captured()
        let watch = LivenessWatch(intake: intake, inbox: inbox, silence: .seconds(180), clock: clock, logger: captured.logger)
        return (line, intake, inbox, watch, clock, captured)
    }

    @Test func threeMissedHeartbeatsAreAnAlertAndTheNextSignalEndsIt() async throws {
        let (line, intake, _, watch, clock, captured) = try Self.setUp()
        var state = LivenessWatch.State(started: clock.now())
        clock.advance(by: .seconds(170))
        try await watch.check(&state)
        #expect(!captured.critical(containing: "no signal"))
        clock.advance(by: .seconds(11))
        try await watch.check(&state)
        #expect(captured.critical(containing: "no signal for 181 s, not even a heartbeat"))
        try await intake.handle(try line.seal(.heartbeat), transport: "slack")
        try await watch.check(&state)
        #expect(captured.notice(containing: "signals again"))
    }

    @Test func aBurstOfRefusedSignalsIsOneAlert() async throws {
        let (line, intake, _, watch, clock, captured) = try Self.setUp()
        var state = LivenessWatch.State(started: clock.now())
        let forged = try line.seal(.heartbeat).replacingOccurrences(of: "A", with: "B")
        for _ in 0..<3 { try await intake.handle(forged, transport: "telegram") }
        try await watch.check(&state)
        try await intake.handle(forged, transport: "telegram")
        try await watch.check(&state)
        let alerts = captured.lines.withLock { $0.filter { $0.0 == .critical && $0.1.contains("signals refused") }.count }
        #expect(alerts == 1)
    }

    @Test func aSequenceStillMissingAfterTheGraceIsAnAlert() async throws {
        let (line, intake, _, watch, clock, captured) = try Self.setUp()
        var state = LivenessWatch.State(started: clock.now())
        try await intake.handle(try line.seal(.heartbeat), transport: "slack")
        _ = try line.seal(.heartbeat)  // #2, withheld
        try await intake.handle(try line.seal(.heartbeat), transport: "slack")
        clock.advance(by: .seconds(10))
        try await watch.check(&state)
        #expect(!captured.critical(containing: "never arrived"))
        clock.advance(by: .seconds(130))
        try await watch.check(&state)
        #expect(captured.critical(containing: "signal #2 of channel"))
    }
}
