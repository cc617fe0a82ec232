import Foundation
import GRDB

/// The `tracking` table of a run's log.sqlite: one row per live step, live against shadow.
public struct TrackingTable: Sendable {
    /// A stored comparison, as `signet track` reads it.
    public struct Row: Sendable, Equatable {
        public var time: Int64
        public var liveEquity: Money
        public var shadowEquity: Money
        public var diverged: Bool
        public var reasons: String
        /// JSON list of the step's differing fills: `{order_id, symbol, side, live_price, shadow_price, quantity, slippage_bps}`.
        public var fills: String
    }

    /// One live fill: the price the strategy (or the signal) saw when it placed the order, the
    /// fill, and the shadow's fill of the same order.
    public struct Trade: Sendable, Equatable {
        public var orderID: String
        public var time: Int64
        public var symbol: String
        public var side: Side
        public var quantity: Quantity
        public var seenPrice: Price?
        public var fillPrice: Price
        public var shadowPrice: Price?

        /// Fill against the price seen, basis points; positive is worse for the trader.
        public var slippageBasisPoints: Int64? { seenPrice.flatMap { fillPrice.slippage(against: $0, side: side) } }
        /// Fill against the shadow's fill, basis points; positive is worse for the trader.
        public var shadowSlippageBasisPoints: Int64? { shadowPrice.flatMap { fillPrice.slippage(against: $0, side: side) } }
    }

    let database: DatabaseQueue

    public init(database: DatabaseQueue) throws {
        self.database = database
        try Self.migrations.migrate(database)
    }

    /// The tracking tables' schema in `log.sqlite`, by named migration (later releases append).
    static var migrations: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("tracking-v1: tracking and tracked_trades") { db in
            // IF NOT EXISTS: files from releases before migrations already have them.
            try db.execute(sql: """
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
                )
                """)
            try db.execute(sql: """
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
                )
                """)
        }
        return migrator
    }

    /// `shadowFills`: the shadow's fills this step, which complete trades recorded before them.
    func record(_ comparison: ShadowComparison, trades: [Trade], shadowFills: [Fill] = []) throws {
        try record([(comparison, trades, shadowFills)])
    }

    /// Writes several steps in one transaction.
    func record(_ steps: [(comparison: ShadowComparison, trades: [Trade], shadowFills: [Fill])]) throws {
        guard !steps.isEmpty else { return }
        try database.write { db in
            for step in steps { try Self.insert(step.comparison, trades: step.trades, shadowFills: step.shadowFills, db) }
        }
    }

    private static func insert(_ comparison: ShadowComparison, trades: [Trade], shadowFills: [Fill], _ db: Database) throws {
        let positions = comparison.positions.map { ["symbol": $0.symbol, "live": "\($0.live)", "shadow": "\($0.shadow)"] }
        let fills = comparison.fills.map { difference -> [String: Any] in
            var entry: [String: Any] = ["order_id": difference.orderID, "symbol": difference.symbol]
            if let live = difference.live {
                entry["live_price"] = "\(live.price)"; entry["quantity"] = "\(live.quantity)"; entry["side"] = live.side.rawValue
            }
            if let shadow = difference.shadow { entry["shadow_price"] = "\(shadow.price)"; entry["side"] = shadow.side.rawValue }
            if let bps = difference.slippageBasisPoints { entry["slippage_bps"] = bps }
            return entry
        }
        let json = { (value: Any) in
            String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("[]".utf8), as: UTF8.self)
        }
        do {
            try db.execute(
                sql: """
                    INSERT INTO tracking (time, live_equity, shadow_equity, live_cash, shadow_cash, positions, fills, diverged, reasons)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    comparison.time, "\(comparison.liveEquity)", "\(comparison.shadowEquity)", "\(comparison.liveCash)",
                    "\(comparison.shadowCash)", json(positions), json(fills), comparison.diverged,
                    comparison.reasons.joined(separator: "; "),
                ])
            for fill in shadowFills {
                try db.execute(
                    sql: "UPDATE tracked_trades SET shadow_price = ? WHERE order_id = ? AND shadow_price IS NULL",
                    arguments: ["\(fill.price)", fill.orderID])
            }
            for trade in trades {
                try db.execute(
                    sql: "INSERT INTO tracked_trades (order_id, time, symbol, side, quantity, seen_price, fill_price, shadow_price) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        trade.orderID, trade.time, trade.symbol, trade.side.rawValue, "\(trade.quantity)", trade.seenPrice.map { "\($0)" },
                        "\(trade.fillPrice)", trade.shadowPrice.map { "\($0)" },
                    ])
            }
        }
    }

    /// Every tracked live fill, oldest first.
    public static func trades(databasePath: String) throws -> [Trade] {
        let database = try SQLiteFile.openForReading(path: databasePath)
        return try database.read { db in
            guard try db.tableExists("tracked_trades") else { return [] }
            return try GRDB.Row.fetchAll(db, sql: "SELECT * FROM tracked_trades ORDER BY id").compactMap { row in
                guard let side = Side(rawValue: row["side"]), let quantity = Quantity(row["quantity"] as String),
                    let fill = Price(row["fill_price"] as String)
                else { return nil }
                return Trade(
                    orderID: row["order_id"], time: row["time"], symbol: row["symbol"], side: side, quantity: quantity,
                    seenPrice: (row["seen_price"] as String?).flatMap { Price($0) }, fillPrice: fill,
                    shadowPrice: (row["shadow_price"] as String?).flatMap { Price($0) })
            }
        }
    }

    /// Every row, oldest first (an empty list when the run had no shadow).
    public static func rows(databasePath: String) throws -> [Row] {
        let database = try SQLiteFile.openForReading(path: databasePath)
        return try database.read { db in
            guard try db.tableExists("tracking") else { return [] }
            return try GRDB.Row.fetchAll(
                db, sql: "SELECT time, live_equity, shadow_equity, diverged, reasons, fills FROM tracking ORDER BY id"
            ).map { row in
                Row(
                    time: row["time"], liveEquity: Money(row["live_equity"] as String) ?? .zero,
                    shadowEquity: Money(row["shadow_equity"] as String) ?? .zero,
                    diverged: row["diverged"], reasons: row["reasons"], fills: row["fills"])
            }
        }
    }
}
