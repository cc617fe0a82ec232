import GRDB
import Trader

extension Outbox {
    /// The outbox's schema, by named migration: later releases append, never edit. Each accepts a
    /// file from a release before migrations, which made the same tables by hand.
    static var migrations: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("outbox-v1: signals and deliveries") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS signals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    time INTEGER NOT NULL,
                    sealed TEXT NOT NULL,
                    readable TEXT NOT NULL,
                    attachment BLOB,
                    UNIQUE (channel, sequence)
                );
                CREATE TABLE IF NOT EXISTS deliveries (
                    signal INTEGER NOT NULL REFERENCES signals(id),
                    output TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    retry_at INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    remote_id TEXT,
                    sent_at INTEGER,
                    PRIMARY KEY (signal, output)
                );
                CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(output, state, signal);
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("outbox-v2: signals.chart") { db in
            if try !SQLiteFile.columns(of: "signals", in: db).contains("chart") {
                try db.execute(sql: "ALTER TABLE signals ADD COLUMN chart BLOB")
            }
        }
        migrator.registerMigration("outbox-v3: signals.event") { db in
            // Which engine event a signal reports (`order:ID`, `fill:ID`), so a restart can find
            // events the journal holds and the outbox lacks.
            guard try !SQLiteFile.columns(of: "signals", in: db).contains("event") else { return }
            try db.execute(sql: "ALTER TABLE signals ADD COLUMN event TEXT")
            // Signals stored before carry no event: events up to then are not to be recovered.
            if let last = try Int64.fetchOne(db, sql: "SELECT MAX(time) FROM signals") {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('events_after', ?)", arguments: [String(last)])
            }
        }
        return migrator
    }
}
