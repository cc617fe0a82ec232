import Foundation
import Testing
import TestSupport
@testable import SignalSubscriber

@Suite("Inboxes of earlier releases open and migrate")
struct InboxMigrationTests {
    @Test func anInboxFromTheReleaseBeforeMigrationsKeepsItsSignalsAndWhatBecameOfThem() throws {
        let inbox = try Inbox(path: try Fixtures.copy("storage/inbox-release.sqlite"))
        let records = try inbox.all()
        #expect(records.map(\.sequence) == [1, 2])
        #expect(records.first?.status == .applied && records.first?.settledAt == 1_764_500_000_012)
        #expect(try inbox.unapplied().map(\.kind) == ["heartbeat"])
        #expect(try inbox.record(channel: "00112233445566778899aabbccddeeff", sequence: 1)?.payload.contains("\"order_id\":\"live-000001\"") == true)
    }
}
