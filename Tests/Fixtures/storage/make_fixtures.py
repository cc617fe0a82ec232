#!/usr/bin/env python3
"""Makes the SQLite fixtures of the storage migration tests: files in the shape Signet's release
before named migrations (commit 6b2242a) wrote them. The DDL below is that release's, statement for
statement (Outbox.swift, Inbox.swift, RunLog.swift, TrackingTable.swift at 6b2242a), including its
hand-written ALTER TABLE steps; rows are what a short publish/mirror run stores.

    python3 Tests/Fixtures/storage/make_fixtures.py   # rewrites the .sqlite files beside it
"""
import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))


def fresh(name, page_size=None):
    path = os.path.join(HERE, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path)
    if page_size:
        db.execute(f"PRAGMA page_size = {page_size}")
    return db


def outbox(name, first_release):
    db = fresh(name, page_size=1024)
    db.executescript("""
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
    """)
    if not first_release:
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("ALTER TABLE signals ADD COLUMN chart BLOB")
        db.execute("ALTER TABLE signals ADD COLUMN event TEXT")
    channel = "00112233445566778899aabbccddeeff"
    for sequence in (1, 2, 3):
        values = [channel, sequence, 1764500000000 + sequence, f"sig1.sealed-{sequence}", f"BUY 0.1 EUR/USD market (order live-00000{sequence})"]
        if first_release:
            db.execute("INSERT INTO signals (channel, sequence, time, sealed, readable) VALUES (?, ?, ?, ?, ?)", values)
        else:
            db.execute(
                "INSERT INTO signals (channel, sequence, time, sealed, readable, event) VALUES (?, ?, ?, ?, ?, ?)",
                values + [f"order:live-00000{sequence}"])
        db.execute("INSERT INTO deliveries (signal, output, state, sent_at, remote_id) VALUES (?, 'slack', 'sent', ?, ?)",
                   [sequence, 1764500000100 + sequence, f"17645.{sequence}"])
        # The third is still waiting for Telegram.
        state = "pending" if sequence == 3 else "sent"
        db.execute("INSERT INTO deliveries (signal, output, state) VALUES (?, 'telegram', ?)", [sequence, state])
    db.commit()
    db.execute("PRAGMA journal_mode = WAL")
    db.close()


def inbox(name):
    db = fresh(name)
    db.executescript("""
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
        CREATE INDEX IF NOT EXISTS inbox_kind ON inbox(publisher, channel, kind, sequence);
    """)
    db.execute("ALTER TABLE inbox ADD COLUMN settled_at INTEGER")
    channel = "00112233445566778899aabbccddeeff"
    payload = ('{"kind":"order","limit_price":"1.0921","order_id":"live-000001","price":"1.0920","quantity":"1000",'
               '"side":"buy","source":"desk","symbol":"EUR/USD","time":1764500000001,"type":"limit","v":1}')
    db.execute("INSERT INTO inbox VALUES ('deskkeyid', ?, 1, 'slack', 1764500000010, 1764500000001, 'order', ?, 'applied', NULL, 1764500000012)",
               [channel, payload])
    db.execute("INSERT INTO inbox (publisher, channel, sequence, transport, received_at, sealed_at, kind, payload) "
               "VALUES ('deskkeyid', ?, 2, 'telegram', 1764500001010, 1764500001001, 'heartbeat', ?)",
               [channel, '{"kind":"heartbeat","source":"desk","time":1764500001001,"v":1}'])
    db.execute("INSERT INTO cursors VALUES ('slack:C0SIGNALS', '1764500000.000100')")
    db.commit()
    db.execute("PRAGMA journal_mode = WAL")
    db.close()


def run_log(name):
    db = fresh(name)
    db.executescript("""
        CREATE TABLE IF NOT EXISTS log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            level TEXT NOT NULL,
            source TEXT NOT NULL,
            message TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE IF NOT EXISTS tracking (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time INTEGER NOT NULL,
            live_equity TEXT NOT NULL,
            shadow_equity TEXT NOT NULL,
            live_cash TEXT NOT NULL,
            shadow_cash TEXT NOT NULL,
            positions TEXT NOT NULL,
            fills TEXT NOT NULL,
            diverged INTEGER NOT NULL,
            reasons TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS tracked_trades (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            order_id TEXT NOT NULL,
            time INTEGER NOT NULL,
            symbol TEXT NOT NULL,
            side TEXT NOT NULL,
            quantity TEXT NOT NULL,
            seen_price TEXT,
            fill_price TEXT NOT NULL,
            shadow_price TEXT
        );
    """)
    db.execute("INSERT INTO log (time, level, source, message) VALUES ('2025-11-30T10:00:00.000Z', 'info', 'signet.live', 'started')")
    db.execute("INSERT INTO tracking (time, live_equity, shadow_equity, live_cash, shadow_cash, positions, fills, diverged, reasons) "
               "VALUES (1764500000000, '10000', '10000', '10000', '10000', '', '', 0, '')")
    db.execute("INSERT INTO tracked_trades (order_id, time, symbol, side, quantity, seen_price, fill_price, shadow_price) "
               "VALUES ('live-000001', 1764500000000, 'EUR/USD', 'buy', '1000', '1.0920', '1.0921', '1.0921')")
    db.commit()
    db.execute("PRAGMA journal_mode = WAL")
    db.close()


if __name__ == "__main__":
    outbox("outbox-release.sqlite", first_release=False)
    outbox("outbox-first-release.sqlite", first_release=True)
    inbox("inbox-release.sqlite")
    run_log("log-release.sqlite")
