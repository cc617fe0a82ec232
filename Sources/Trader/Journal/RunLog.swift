import Foundation
import GRDB
import Logging
import Synchronization

/// A run's log: every record goes to the session's text file (`logs/YYYYMMDD_HHMMSS.log`) and to
/// the `log` table of `log.sqlite` (time, level, source, message, metadata as JSON), which the
/// strategy can extend with tables of its own through ``database``.
public final class RunLog: Sendable {
    /// The run's SQLite database.
    public let database: DatabaseQueue
    private let file: Mutex<FileHandle?>
    /// The first write error, kept so the run can stop rather than trade without a log.
    public let failure = Mutex<TraderError?>(nil)

    /// Opens the session log file (created) and the database (created or migrated).
    public init(textPath: String, databasePath: String) throws {
        // O_EXCL: a session log is never truncated, even if two sessions raced for one name.
        let descriptor = open(textPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TraderError(.io, "cannot create the session log \(textPath): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        file = Mutex(handle)
        do {
            // The log and the shadow's tracking rows are diagnostics written every step; the CSV
            // journal is the record. WAL with synchronous NORMAL keeps a step's commit cheap.
            database = try SQLiteFile.open(path: databasePath, migrations: Self.migrations)
        } catch {
            throw TraderError(.io, "cannot open the run database \(databasePath): \(error)")
        }
    }

    /// The `log` table's schema, by named migration (later releases append, never edit).
    static var migrations: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("log-v1: log table") { db in
            // IF NOT EXISTS: files from releases before migrations already have it.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time TEXT NOT NULL,
                    level TEXT NOT NULL,
                    source TEXT NOT NULL,
                    message TEXT NOT NULL,
                    metadata TEXT NOT NULL DEFAULT '{}'
                )
                """)
        }
        return migrator
    }

    /// A swift-log handler writing to this log at `level` and above.
    public func handler(label: String, level: Logger.Level) -> RunLogHandler {
        RunLogHandler(log: self, label: label, logLevel: level)
    }

    func write(time: Date, level: Logger.Level, source: String, message: String, metadata: Logger.Metadata) {
        let stamp = Timestamp.format(Int64(time.timeIntervalSince1970 * 1000))
        let flat = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(stamp) \(level) [\(source)] \(message)\(flat.isEmpty ? "" : " " + flat)\n"
        file.withLock { handle in
            do {
                try handle?.write(contentsOf: Data(line.utf8))
            } catch {
                record(TraderError(.io, "cannot write the session log: \(error)"))
            }
        }
        let json = Self.json(metadata)
        do {
            try database.write { db in
                try db.execute(
                    sql: "INSERT INTO log (time, level, source, message, metadata) VALUES (?, ?, ?, ?, ?)",
                    arguments: [stamp, level.rawValue, source, message, json])
            }
        } catch {
            record(TraderError(.io, "cannot write the log table: \(error)"))
        }
    }

    /// Closes the text file.
    public func close() {
        file.withLock { handle in
            try? handle?.synchronize()
            try? handle?.close()
            handle = nil
        }
    }

    private func record(_ error: TraderError) {
        failure.withLock { if $0 == nil { $0 = error } }
    }

    static func json(_ metadata: Logger.Metadata) -> String {
        func value(_ item: Logger.MetadataValue) -> Any {
            switch item {
            case .string(let text): text
            case .stringConvertible(let convertible): convertible.description
            case .array(let items): items.map(value)
            case .dictionary(let entries): entries.mapValues(value)
            }
        }
        let object = metadata.mapValues(value)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// swift-log handler over a ``RunLog``.
public struct RunLogHandler: LogHandler {
    let log: RunLog
    let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        log.write(time: Date(), level: event.level, source: label, message: event.message.description, metadata: merged)
    }
}
