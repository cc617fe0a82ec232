import Foundation
import Logging
import ServiceLifecycle
import Trader
import UnixSignals

/// Runs a ``LiveRun`` in a `ServiceGroup` with the services beside it, stopping cleanly on
/// Ctrl+C or SIGTERM (a second Ctrl+C exits at once). Generic over the strategy, the feed and the
/// broker, so the kernel is specialised for the concrete types.
public enum LiveLauncher {
    /// Makes the observers of a run's kernel once its journal is open.
    public typealias Observers = @Sendable (LiveRunConfiguration, RunDirectory, Logger) throws -> [any KernelObserver]

    /// Runs `strategy` on `feed` with the broker `broker` makes; `shadowStrategy` replaces the copy
    /// of `strategy` a shadow would run (a mirror's reads its own board). Services beside the run
    /// (an outbox sender) start before it and stop after it.
    public static func run<S: Strategy & Sendable, Feed: AsyncSequence & Sendable, B: LiveBroker>(
        _ strategy: S, feed: Feed, configuration: LiveRunConfiguration,
        broker: @escaping @Sendable (LiveRunConfiguration, Logger) throws -> B, services: [any Service],
        observers: @escaping Observers, note: @escaping Note
    ) async throws where Feed.Element == Bar {
        // A separate entry without the shadow's strategy, so that an existential strategy opens here.
        try await run(
            strategy, feed: feed, configuration: configuration, shadowStrategy: nil, broker: broker, services: services,
            observers: observers, note: note)
    }

    /// As ``run(_:feed:configuration:broker:services:observers:note:)``, with the strategy the shadow runs instead of a copy.
    public static func run<S: Strategy & Sendable, Feed: AsyncSequence & Sendable, B: LiveBroker>(
        _ strategy: S, feed: Feed, configuration: LiveRunConfiguration, shadowStrategy: S?,
        broker: @escaping @Sendable (LiveRunConfiguration, Logger) throws -> B, services: [any Service],
        observers: @escaping Observers, note: @escaping Note
    ) async throws where Feed.Element == Bar {
        let logger = Logger(label: "signet.live")
        let runConfiguration = configuration
        var live = LiveRun(
            strategy: strategy, feed: feed, configuration: configuration, broker: broker,
            observers: { try observers(runConfiguration, $0, $1) },
            onOpen: { directory in note("journal: \(directory.path)") })
        live.shadowStrategy = shadowStrategy
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    // Listed first so it is shut down last: it must still be listening while the run winds down.
                    .init(service: ForceQuitOnSecondInterrupt(note: note)),
                    // Services beside the run (the outbox sender) outlive it: listed before it, stopped after it.
                ] + services.map { .init(service: $0, failureTerminationBehavior: .gracefullyShutdownGroup) } + [
                    .init(
                        service: live, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

/// The first Ctrl+C asks for a clean stop; a second one, while the run is stopping, exits at once.
struct ForceQuitOnSecondInterrupt: Service {
    let note: Note

    func run() async throws {
        var seen = 0
        for await _ in await UnixSignalsSequence(trapping: .sigint).cancelOnGracefulShutdown() {
            seen += 1
            if seen >= 2 {
                note("second interrupt: exiting now without waiting for the run to finish")
                Foundation.exit(130)
            }
            note("stopping: calling onExit and flushing the journal (Ctrl+C again to exit at once)")
        }
    }
}
