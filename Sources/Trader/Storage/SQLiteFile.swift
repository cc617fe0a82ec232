import GRDB

/// How Signet opens each of its SQLite files (a publisher's outbox, a subscriber's inbox, a run's
/// `log.sqlite`): the same pragmas and busy wait everywhere, and the schema brought up to date by
/// named GRDB migrations, so a file written by an earlier release opens and migrates.
public enum SQLiteFile {
    /// Per-file tuning on top of the shared pragmas.
    public struct Tuning: Sendable {
        /// Page size for a new file (it cannot change once the file is in WAL mode).
        public var pageSize: Int?
        /// WAL pages between automatic checkpoints (SQLite's default: 1000).
        public var walAutocheckpointPages: Int?

        public init(pageSize: Int? = nil, walAutocheckpointPages: Int? = nil) {
            self.pageSize = pageSize
            self.walAutocheckpointPages = walAutocheckpointPages
        }

        /// The shared pragmas only.
        public static let standard = Tuning()
    }

    /// Opens (or creates) the file at `path` and runs the migrations it has not had yet.
    ///
    /// Every file is in WAL mode with `synchronous = NORMAL`: a committed row survives the process
    /// being killed (kill -9, a crash); only an operating-system crash or a power cut may lose the
    /// last commits, which Signet's protocols then repeat (a publisher resends, a transport
    /// delivers again). Another process (`signet status`) may hold the lock for a moment: writers
    /// wait up to 10 s instead of failing.
    public static func open(path: String, tuning: Tuning = .standard, migrations: DatabaseMigrator) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            if let pageSize = tuning.pageSize { try db.execute(sql: "PRAGMA page_size = \(pageSize)") }
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if let pages = tuning.walAutocheckpointPages { try db.execute(sql: "PRAGMA wal_autocheckpoint = \(pages)") }
        }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try migrations.migrate(database)
        return database
    }

    /// Opens an existing file to read what another process wrote (`signet track`, `signet status`),
    /// waiting on a busy lock as writers do; no schema change.
    public static func openForReading(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The names of `table`'s columns (empty when it does not exist), for migrations that must
    /// accept files in which an earlier release already added a column by hand.
    public static func columns(of table: String, in db: Database) throws -> Set<String> {
        guard try db.tableExists(table) else { return [] }
        return Set(try db.columns(in: table).map(\.name))
    }
}
