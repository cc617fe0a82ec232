import Foundation
import GRDB
import Testing
import TestSupport
@testable import Trader

@Suite("SQLite files of an earlier release open and migrate")
struct StorageMigrationTests {
    @Test func aRunLogFromTheReleaseBeforeMigrationsKeepsItsRowsAndGainsTheMigrationRecord() throws {
        let path = try Fixtures.copy("storage/log-release.sqlite")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let log = try RunLog(textPath: "\(folder)/session.log", databasePath: path)
        _ = try TrackingTable(database: log.database)
        let (messages, migrations) = try log.database.read { db in
            (try String.fetchAll(db, sql: "SELECT message FROM log ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"))
        }
        #expect(messages == ["started"])
        #expect(migrations == ["log-v1: log table", "tracking-v1: tracking and tracked_trades"])
        let trades = try TrackingTable.trades(databasePath: path)
        #expect(trades.map(\.orderID) == ["live-000001"])
        #expect(trades.first?.shadowPrice == Price("1.0921"))
        #expect(try TrackingTable.rows(databasePath: path).count == 1)
    }

    @Test func openingTwiceRunsEachMigrationOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signet-storage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/log.sqlite"
        for session in 0..<2 {
            let log = try RunLog(textPath: "\(folder)/session-\(session).log", databasePath: path)
            let count = try log.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grdb_migrations") }
            #expect(count == 1)
            let mode = try log.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
    }
}
