import GRDB
import Trader

extension Inbox {
    /// The inbox's schema, by named migration: later releases append, never edit. Each accepts a
    /// file from a release before migrations, which made the same tables by hand.
    static var migrations: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("inbox-v1: inbox and cursors") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS inbox (
                    publisher TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    transport TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    sealed_at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'received',
                    reason TEXT,
                    PRIMARY KEY (publisher, channel, sequence)
                );
                CREATE TABLE IF NOT EXISTS cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                -- highestSequence(kind:) runs for every target snapshot: a seek, not a scan of the channel's history.
                CREATE INDEX IF NOT EXISTS inbox_kind ON inbox(publisher, channel, kind, sequence);
                """)
        }
        migrator.registerMigration("inbox-v2: inbox.settled_at") { db in
            // When a signal was settled, for copy latency.
            if try !SQLiteFile.columns(of: "inbox", in: db).contains("settled_at") {
                try db.execute(sql: "ALTER TABLE inbox ADD COLUMN settled_at INTEGER")
            }
        }
        migrator.registerMigration("inbox-v3: inbox.attempts") { db in
            // How often acting on a signal was begun, so one the process dies on is quarantined, not retried forever.
            if try !SQLiteFile.columns(of: "inbox", in: db).contains("attempts") {
                try db.execute(sql: "ALTER TABLE inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("inbox-v4: inbox.line_digest") { db in
            // The sealed line's digest: a second, different line with the same sequence is a conflict to report.
            if try !SQLiteFile.columns(of: "inbox", in: db).contains("line_digest") {
                try db.execute(sql: "ALTER TABLE inbox ADD COLUMN line_digest TEXT")
            }
        }
        return migrator
    }
}
