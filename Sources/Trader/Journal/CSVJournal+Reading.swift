/// One `filled` row of an orders.csv, as written by ``CSVJournal``.
public struct JournalFill: Sendable, Equatable {
    public var time: Int64
    public var orderID: String
    public var symbol: String
    public var side: Side
    public var quantity: Quantity
    public var price: Price
    public var fee: Money

    public init(time: Int64, orderID: String, symbol: String, side: Side, quantity: Quantity, price: Price, fee: Money) {
        self.time = time
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
    }
}

extension CSVJournal {
    /// The fills recorded in an orders.csv (rows with status `filled`), oldest first. A damaged
    /// fill row is an error naming its line, never skipped: a chart or report missing a trade
    /// would mislead.
    public static func fills(atPath path: String) throws -> [JournalFill] {
        var fills: [JournalFill] = []
        for (index, row) in try JournalState.rows(path).enumerated() where row.count >= 12 && row[7] == "filled" {
            guard let time = Timestamp.parse(row[0]), let side = Side(rawValue: String(row[3])), let quantity = Quantity(row[5]),
                let price = Price(row[8]), let fee = Money(row[9])
            else {
                throw TraderError(
                    .invalidData, "\(path) line \(index + 2): the fill row is damaged (\(row.joined(separator: ","))); repair or remove it")
            }
            fills.append(JournalFill(
                time: time, orderID: String(row[1]), symbol: String(row[2]), side: side, quantity: quantity, price: price, fee: fee))
        }
        return fills
    }
}

/// One `submitted` row of an orders.csv: an order as it was handed to the broker.
public struct JournalOrder: Sendable, Equatable {
    public var time: Int64
    public var orderID: String
    public var symbol: String
    public var side: Side
    public var quantity: Quantity
    public var type: String
    /// The limit or stop price (none for market orders).
    public var price: Price?
    public var tag: String
}

extension CSVJournal {
    /// The orders handed to the broker (rows with status `submitted`), oldest first; a damaged row
    /// is an error naming its line.
    public static func submittedOrders(atPath path: String) throws -> [JournalOrder] {
        var orders: [JournalOrder] = []
        for (index, row) in try JournalState.rows(path).enumerated() where row.count >= 12 && row[7] == "submitted" {
            guard let time = Timestamp.parse(row[0]), let side = Side(rawValue: String(row[3])), let quantity = Quantity(row[5]) else {
                throw TraderError(
                    .invalidData,
                    "\(path) line \(index + 2): the order row is damaged (\(row.joined(separator: ","))); repair or remove it")
            }
            orders.append(JournalOrder(
                time: time, orderID: String(row[1]), symbol: String(row[2]), side: side, quantity: quantity, type: String(row[4]),
                price: Price(row[6]), tag: String(row[11])))
        }
        return orders
    }

    /// Every non-empty order tag in an orders.csv: how a mirroring run knows, after a restart,
    /// which signals it already placed orders for.
    public static func tags(ordersPath path: String) throws -> Set<String> {
        Set(try submittedOrders(atPath: path).map(\.tag).filter { !$0.isEmpty })
    }
}

extension CSVJournal {
    /// Orders submitted or accepted and neither filled, cancelled nor rejected: still working.
    public static func workingOrders(atPath path: String) throws -> [JournalOrder] {
        let submitted = try submittedOrders(atPath: path)
        var done: Set<String> = []
        for row in try JournalState.rows(path) where row.count >= 12 && ["filled", "cancelled", "rejected"].contains(row[7]) {
            done.insert(String(row[1]))
        }
        return submitted.filter { !done.contains($0.orderID) }
    }
}
