import Foundation
import GRDB
import SignetCrypto
import Trader

/// One sealed signal in the outbox.
public struct OutboxEntry: Sendable, Equatable {
    /// Row id: the order signals were appended in.
    public var id: Int64
    public var channel: String
    /// The envelope's sequence number on its channel.
    public var sequence: UInt64
    public var time: Int64
    /// The `sig1.` text line.
    public var sealed: String
    /// What a person reads in a chat.
    public var readable: String
    /// A sealed attachment (the chart), if any.
    public var attachment: [UInt8]?
    /// The same chart in clear (PNG), for outputs that post it readable (the signed mode).
    public var chart: [UInt8]? = nil
}

extension Outbox {
    /// One signal to store, as ``Outbox/append(channel:outputs:floor:batch:seal:)`` takes it.
    public struct Item: Sendable {
        public var time: Int64
        public var readable: String
        /// The engine event it reports (`order:ID`, `fill:ID`), for recovery.
        public var event: String?
        /// Outputs it goes to besides the batch's (the chart outputs, for a signal with a chart).
        public var more: [String]
        /// Its chart in clear, kept for outputs that post it readable.
        public var chart: [UInt8]?

        public init(time: Int64, readable: String, event: String? = nil, more: [String] = [], chart: [UInt8]? = nil) {
            self.time = time
            self.readable = readable
            self.event = event
            self.more = more
            self.chart = chart
        }
    }
}

/// The publisher's persistent outbox (SQLite via GRDB): a signal is sealed and stored in one
/// transaction before anything is sent, with one delivery row per output; a delivery is marked
/// sent only once its API accepted it. Sequence numbers come from the stored rows, inside the
/// same transaction, so a crash at any point neither skips nor reuses one.
public final class Outbox: Sendable {
    let database: DatabaseQueue

    /// Opens (or creates) the outbox at `path`, bringing an earlier release's outbox up to date.
    public init(path: String) throws {
        do {
            // WAL with synchronous=NORMAL (SQLiteFile): a committed signal survives the process being
            // killed; full fsync per signal would cap the engine at a few hundred signals a second.
            // 1 KiB pages: a small commit (one engine step) writes a few small pages instead of a few
            // 4 KiB ones (+40 % signals/s here); a sealed row (~600 bytes) still fits a page. Set
            // before WAL, so it applies to new outboxes only. The checkpoint interval is counted
            // in pages: 4096 keeps SQLite's usual 4 MiB of WAL between checkpoints.
            database = try SQLiteFile.open(
                path: path, tuning: SQLiteFile.Tuning(pageSize: 1024, walAutocheckpointPages: 4096), migrations: Self.migrations)
        } catch {
            throw PublisherError(.storage, "cannot open the outbox \(path): \(error); check the folder is writable")
        }
    }

    /// Seals a signal with the channel's next sequence number and stores it with a pending
    /// delivery per output, all in one transaction. `seal` receives the counter to seal with;
    /// `floor` is the last number used outside this outbox (by `signet seal`, say), which the
    /// next one must exceed.
    @discardableResult
    public func append(
        channel: String, time: Int64, readable: String, outputs: [String], floor: UInt64 = 0,
        seal: (any SequenceCounter) throws -> (sealed: SealedSignal, attachment: [UInt8]?)
    ) throws -> OutboxEntry {
        try append(channel: channel, outputs: outputs, floor: floor, batch: [Item(time: time, readable: readable)]) { _, counter in
            try seal(counter)
        }[0]
    }

    /// Stores several signals in one transaction (the signals of one engine step): all of them or
    /// none, sequence numbers taken in order. `seal` receives each one's index in `batch`.
    @discardableResult
    public func append(
        channel: String, outputs: [String], floor: UInt64 = 0, batch: [Item],
        seal: (Int, any SequenceCounter) throws -> (sealed: SealedSignal, attachment: [UInt8]?)
    ) throws -> [OutboxEntry] {
        do {
            return try database.write { db in
                let counter = StoredSequence(database: db, channel: channel, floor: floor)
                // Cached statements: compiling SQL for every signal would cost more than sealing it.
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO signals (channel, sequence, time, sealed, readable, attachment, event, chart) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                let delivery = try db.cachedStatement(sql: "INSERT INTO deliveries (signal, output) VALUES (?, ?)")
                return try batch.enumerated().map { index, item in
                    let (sealed, attachment) = try seal(index, counter)
                    let sequence = sealed.header.sequence
                    try insert.execute(arguments: [
                        channel, Int64(sequence), item.time, sealed.text, item.readable, attachment.map { Data($0) }, item.event,
                        item.chart.map { Data($0) }
                    ])
                    let id = db.lastInsertedRowID
                    for output in outputs + item.more { try delivery.execute(arguments: [id, output]) }
                    return OutboxEntry(
                        id: id, channel: channel, sequence: sequence, time: item.time, sealed: sealed.text, readable: item.readable,
                        attachment: attachment, chart: item.chart)
                }
            }
        } catch let error as DatabaseError {
            // Only storage failures are wrapped; the sealer's own errors pass through as they are.
            throw PublisherError(.storage, "cannot store a signal in the outbox: \(error)")
        }
    }

    /// The oldest signal not yet accepted by `output`, if its retry time has come (`nil` when
    /// nothing is pending or the head is waiting: deliveries per output stay in order).
    public func nextDue(output: String, now: Int64) throws -> (entry: OutboxEntry, attempts: Int)? {
        try storage("read the outbox") {
            try database.read { db in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT s.id, s.channel, s.sequence, s.time, s.sealed, s.readable, s.attachment, s.chart, d.attempts, d.retry_at
                    FROM deliveries d JOIN signals s ON s.id = d.signal
                    WHERE d.output = ? AND d.state = 'pending' ORDER BY d.signal LIMIT 1
                    """, arguments: [output])
                else { return nil }
                guard (row["retry_at"] as Int64) <= now else { return nil }
                let entry = OutboxEntry(
                    id: row["id"], channel: row["channel"], sequence: UInt64(row["sequence"] as Int64), time: row["time"],
                    sealed: row["sealed"], readable: row["readable"], attachment: (row["attachment"] as Data?).map { [UInt8]($0) },
                    chart: (row["chart"] as Data?).map { [UInt8]($0) })
                return (entry, row["attempts"])
            }
        }
    }

    /// When the head of `output`'s queue may be tried again (nil: nothing pending).
    public func nextRetry(output: String) throws -> Int64? {
        try storage("read the outbox") {
            try database.read { db in
                try Int64.fetchOne(
                    db, sql: "SELECT retry_at FROM deliveries WHERE output = ? AND state = 'pending' ORDER BY signal LIMIT 1",
                    arguments: [output])
            }
        }
    }

    /// Records that `output` accepted the signal.
    public func markSent(_ id: Int64, output: String, remoteID: String, at time: Int64) throws {
        try storage("record a delivery") {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE deliveries SET state = 'sent', remote_id = ?, sent_at = ?, attempts = attempts + 1 "
                        + "WHERE signal = ? AND output = ?",
                    arguments: [remoteID, time, id, output])
            }
        }
    }

    /// Records a failed attempt and when to try again.
    public func markFailed(_ id: Int64, output: String, error: String, retryAt: Int64) throws {
        try storage("record a failed delivery") {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, retry_at = ? WHERE signal = ? AND output = ?",
                    arguments: [error, retryAt, id, output])
            }
        }
    }

    /// The engine events stored on `channel` (`order:ID`, `fill:ID`).
    public func events(channel: String) throws -> Set<String> {
        try storage("read the outbox") {
            try database.read { db in
                Set(try String.fetchAll(db, sql: "SELECT event FROM signals WHERE channel = ? AND event IS NOT NULL", arguments: [channel]))
            }
        }
    }

    /// Engine events at or before this time (Unix ms) were stored by a version that did not record
    /// them (``events(channel:)`` cannot speak for them); nil when every signal recorded its event.
    public func eventsAfter() throws -> Int64? {
        try storage("read the outbox") {
            try database.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'events_after'").flatMap { Int64($0) } }
        }
    }

    /// Deliveries per output and state (`sent`, `pending`, …), for `signet status`.
    public func deliveryCounts() throws -> [String: [String: Int]] {
        try storage("read the outbox") {
            try database.read { db in
                var counts: [String: [String: Int]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT output, state, COUNT(*) AS n FROM deliveries GROUP BY output, state") {
                    counts[row["output"] as String, default: [:]][row["state"] as String] = row["n"]
                }
                return counts
            }
        }
    }

    /// The newest stored signal's channel, sequence, time and readable summary.
    /// The newest sealed line stored for `channel` (nil when none).
    public func newestSealed(channel: String) throws -> String? {
        try storage("read the outbox") {
            try database.read { db in
                try String.fetchOne(
                    db, sql: "SELECT sealed FROM signals WHERE channel = ? ORDER BY sequence DESC LIMIT 1", arguments: [channel])
            }
        }
    }

    public func newest() throws -> (channel: String, sequence: UInt64, time: Int64, readable: String)? {
        try storage("read the outbox") {
            try database.read { db in
                try Row.fetchOne(db, sql: "SELECT channel, sequence, time, readable FROM signals ORDER BY id DESC LIMIT 1").map {
                    ($0["channel"], UInt64($0["sequence"] as Int64), $0["time"], $0["readable"])
                }
            }
        }
    }

    /// Signals `output` has not yet accepted.
    public func pendingCount(output: String) throws -> Int {
        try storage("read the outbox") {
            try database.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM deliveries WHERE output = ? AND state = 'pending'", arguments: [output]) ?? 0
            }
        }
    }

    /// The sequence numbers stored for `channel`, in order (for checks and `signet status`).
    public func sequences(channel: String) throws -> [UInt64] {
        try storage("read the outbox") {
            try database.read { db in
                try Int64.fetchAll(
                    db, sql: "SELECT sequence FROM signals WHERE channel = ? ORDER BY sequence", arguments: [channel]
                ).map(UInt64.init)
            }
        }
    }

    private func storage<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw PublisherError(.storage, "cannot \(what): \(error)") }
    }
}

/// Sequence numbers read from the outbox inside the transaction that stores the signal: the
/// insert is what persists the number, so a rolled-back transaction consumes none.
final class StoredSequence: SequenceCounter {
    private let database: Database
    private let channel: String
    private let floor: UInt64

    init(database: Database, channel: String, floor: UInt64) {
        self.database = database
        self.channel = channel
        self.floor = floor
    }

    func next() throws -> UInt64 {
        let statement = try database.cachedStatement(sql: "SELECT MAX(sequence) FROM signals WHERE channel = ?")
        let last = try Int64.fetchOne(statement, arguments: [channel]) ?? 0
        return max(UInt64(last), floor) + 1
    }
}
