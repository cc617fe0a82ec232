import Foundation
import GRDB
import Trader

/// The subscriber's inbox (SQLite via GRDB): every signal it opened, keyed by (publisher,
/// channel, sequence), whichever transport brought it first. What is recorded here is never
/// acted on twice: a second copy from another transport, or after a restart, is a duplicate.
public final class Inbox: Sendable {
    public enum Status: String, Sendable {
        /// Opened and stored; not yet acted on.
        case received
        /// Acted on (mirrored, or nothing to do).
        case applied
        /// Deliberately not acted on; `reason` says why (stale, slipped, denied, dry run…).
        case skipped
        /// Set aside after the subscriber stopped twice while acting on it: never retried by itself.
        case quarantined
    }

    /// One stored signal.
    public struct Record: Sendable, Equatable {
        public var publisher: String
        public var channel: String
        public var sequence: UInt64
        public var transport: String
        public var receivedAt: Int64
        /// The envelope's timestamp: when the publisher sealed it (Unix ms).
        public var sealedAt: Int64
        public var kind: String
        public var payload: String
        public var status: Status
        public var reason: String?
        /// When it was acted on or set aside (Unix ms; nil while waiting, and for inboxes of older versions).
        public var settledAt: Int64? = nil
    }

    let database: DatabaseQueue

    /// Opens (or creates) the inbox at `path`, bringing an earlier release's inbox up to date.
    public init(path: String) throws {
        do {
            // As the publisher's outbox: WAL with synchronous=NORMAL (SQLiteFile) survives kill -9 of
            // the subscriber; only an operating-system crash may lose the last commits, which the
            // transports then deliver again (cursors are saved after the signal is stored).
            database = try SQLiteFile.open(path: path, migrations: Self.migrations)
        } catch {
            throw SubscriberError(.storage, "cannot open the inbox \(path): \(error); check the folder is writable")
        }
    }

    /// Stores a signal unless it is already there; true when it is new.
    @discardableResult
    public func insert(_ record: Record, lineDigest: String? = nil) throws -> Bool {
        try storage("store a signal") {
            try database.write { db in
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO inbox (publisher, channel, sequence, transport, \
                        received_at, sealed_at, kind, payload, status, reason, line_digest)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.publisher, record.channel, Int64(record.sequence), record.transport, record.receivedAt, record.sealedAt,
                        record.kind, record.payload,
                        record.status.rawValue, record.reason, lineDigest,
                    ])
                return db.changesCount == 1
            }
        }
    }

    /// The digest of the sealed line stored for a signal (nil when none, or stored by an older release).
    public func lineDigest(publisher: String, channel: String, sequence: UInt64) throws -> String? {
        try storage("read the inbox") {
            try database.read { db in
                try String.fetchOne(
                    db, sql: "SELECT line_digest FROM inbox WHERE publisher = ? AND channel = ? AND sequence = ?",
                    arguments: [publisher, channel, Int64(sequence)])
            }
        }
    }

    /// Records what was done with a signal.
    public func mark(publisher: String, channel: String, sequence: UInt64, _ status: Status, reason: String? = nil) throws {
        try storage("update a signal") {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE inbox SET status = ?, reason = ?, settled_at = ? WHERE publisher = ? AND channel = ? AND sequence = ?",
                    arguments: [status.rawValue, reason, Int64(Date().timeIntervalSince1970 * 1000), publisher, channel, Int64(sequence)])
            }
        }
    }

    /// The signal stored with this channel and sequence (from any publisher), if any.
    public func record(channel: String, sequence: UInt64) throws -> Record? {
        try storage("read the inbox") {
            try database.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM inbox WHERE channel = ? AND sequence = ?", arguments: [channel, Int64(sequence)]
                ).map(Self.record)
            }
        }
    }

    /// Signals stored but not yet acted on, oldest sequence first (what a restart must finish).
    public func unapplied() throws -> [Record] {
        try storage("read the inbox") {
            try database.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM inbox WHERE status = 'received' ORDER BY publisher, channel, sequence"
                ).map(Self.record)
            }
        }
    }

    /// Every stored signal, by publisher, channel and sequence (for `signet status` and audits).
    public func all() throws -> [Record] {
        try storage("read the inbox") {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM inbox ORDER BY publisher, channel, sequence").map(Self.record)
            }
        }
    }

    /// The newest signal of one of `kinds` (by sealing time), whatever became of it.
    public func newest(kinds: [String]) throws -> Record? {
        try storage("read the inbox") {
            try database.read { db in
                let marks = kinds.map { _ in "?" }.joined(separator: ", ")
                return try Row.fetchOne(
                    db, sql: "SELECT * FROM inbox WHERE kind IN (\(marks)) ORDER BY sealed_at DESC, sequence DESC LIMIT 1",
                    arguments: StatementArguments(kinds)
                ).map(Self.record)
            }
        }
    }

    /// The highest sequence of `kind` stored for (publisher, channel), whatever became of it.
    public func highestSequence(kind: String, publisher: String, channel: String) throws -> UInt64? {
        try storage("read the inbox") {
            try database.read { db in
                try Int64.fetchOne(
                    db, sql: "SELECT MAX(sequence) FROM inbox WHERE kind = ? AND publisher = ? AND channel = ?",
                    arguments: [kind, publisher, channel]
                ).map(UInt64.init)
            }
        }
    }

    /// Counts one more attempt at acting on a signal (recorded before the attempt) and returns how
    /// many there have been: a signal the process died on twice is not tried a third time.
    public func noteAttempt(publisher: String, channel: String, sequence: UInt64) throws -> Int {
        try storage("count an attempt") {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE inbox SET attempts = attempts + 1 WHERE publisher = ? AND channel = ? AND sequence = ?",
                    arguments: [publisher, channel, Int64(sequence)])
                return try Int.fetchOne(
                    db, sql: "SELECT attempts FROM inbox WHERE publisher = ? AND channel = ? AND sequence = ?",
                    arguments: [publisher, channel, Int64(sequence)]) ?? 0
            }
        }
    }

    /// Every (publisher, channel) the inbox has signals of.
    public func streams() throws -> [(publisher: String, channel: String)] {
        try storage("read the inbox") {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT DISTINCT publisher, channel FROM inbox ORDER BY publisher, channel").map {
                    ($0["publisher"], $0["channel"])
                }
            }
        }
    }

    /// Sequence numbers missing below the highest received, per (publisher, channel).
    public func gaps(publisher: String, channel: String) throws -> [UInt64] {
        try storage("read the inbox") {
            try database.read { db in
                let sequences = try Int64.fetchAll(
                    db, sql: "SELECT sequence FROM inbox WHERE publisher = ? AND channel = ? ORDER BY sequence",
                    arguments: [publisher, channel]
                ).map(UInt64.init)
                guard let first = sequences.first, let last = sequences.last else { return [] }
                let present = Set(sequences)
                return (first...last).filter { !present.contains($0) }
            }
        }
    }

    /// How many signals ended in each status (and reason, for skips).
    public func counts() throws -> [String: Int] {
        try storage("read the inbox") {
            try database.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT status, reason, COUNT(*) AS n FROM inbox GROUP BY status, reason") {
                    let status: String = row["status"]
                    let reason: String? = row["reason"]
                    counts[reason.map { "\(status): \($0)" } ?? status] = row["n"]
                }
                return counts
            }
        }
    }

    /// A named resume point (the last Slack `ts` read, the next Telegram update id).
    public func cursor(_ name: String) throws -> String? {
        try storage("read a cursor") {
            try database.read { try String.fetchOne($0, sql: "SELECT value FROM cursors WHERE name = ?", arguments: [name]) }
        }
    }

    public func setCursor(_ name: String, _ value: String) throws {
        try storage("save a cursor") {
            try database.write {
                try $0.execute(sql: "INSERT OR REPLACE INTO cursors (name, value) VALUES (?, ?)", arguments: [name, value])
            }
        }
    }

    static func record(_ row: Row) -> Record {
        Record(
            publisher: row["publisher"], channel: row["channel"], sequence: UInt64(row["sequence"] as Int64), transport: row["transport"],
            receivedAt: row["received_at"], sealedAt: row["sealed_at"], kind: row["kind"], payload: row["payload"],
            status: Status(rawValue: row["status"]) ?? .received, reason: row["reason"], settledAt: row["settled_at"])
    }

    private func storage<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw SubscriberError(.storage, "cannot \(what) in the inbox: \(error)") }
    }
}
