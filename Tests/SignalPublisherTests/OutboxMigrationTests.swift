import Foundation
import GRDB
import Testing
import TestSupport
@testable import SignalPublisher

@Suite("Outboxes of earlier releases open and migrate")
struct OutboxMigrationTests {
    static let channel = "00112233445566778899aabbccddeeff"

    @Test func anOutboxFromTheReleaseBeforeMigrationsKeepsItsQueueAndEvents() throws {
        let outbox = try Outbox(path: try Fixtures.copy("storage/outbox-release.sqlite"))
        #expect(try outbox.sequences(channel: Self.channel) == [1, 2, 3])
        #expect(try outbox.pendingCount(output: "telegram") == 1)
        #expect(try outbox.pendingCount(output: "slack") == 0)
        #expect(try outbox.events(channel: Self.channel) == ["order:live-000001", "order:live-000002", "order:live-000003"])
        #expect(try outbox.eventsAfter() == nil)
        let due = try outbox.nextDue(output: "telegram", now: .max)
        #expect(due?.entry.sequence == 3 && due?.entry.sealed == "sig1.sealed-3")
        #expect(try Self.migrations(outbox) == ["outbox-v1: signals and deliveries", "outbox-v2: signals.chart", "outbox-v3: signals.event"])
    }

    @Test func anOutboxFromTheFirstReleaseGainsChartAndEventColumnsAndRecoversNothingOlder() throws {
        let outbox = try Outbox(path: try Fixtures.copy("storage/outbox-first-release.sqlite"))
        #expect(try outbox.sequences(channel: Self.channel) == [1, 2, 3])
        #expect(try outbox.events(channel: Self.channel).isEmpty)
        // Signals stored before events were recorded: recovery starts after the newest of them.
        #expect(try outbox.eventsAfter() == 1_764_500_000_003)
        #expect(try outbox.nextDue(output: "telegram", now: .max)?.entry.chart == nil)
    }

    static func migrations(_ outbox: Outbox) throws -> [String] {
        try outbox.database.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    }
}
