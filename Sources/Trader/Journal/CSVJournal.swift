/// The journal traders read: `orders.csv` (one row per order event) and `pos_pnl.csv` (the position
/// and account after each fill), appended across sessions. Columns are documented in README.md.
public final class CSVJournal: KernelObserver {
    public static let ordersHeader = "time,order_id,symbol,side,type,quantity,price,status,fill_price,fee,reason,tag"
    public static let positionsHeader = "time,symbol,quantity,average_price,cost_basis,mark,realized_pnl,unrealized_pnl,fees,cash,equity"

    private let instruments: [Instrument]
    private let orders: AppendOnlyFile
    private let positions: AppendOnlyFile
    /// The first write error, kept so a run can stop rather than trade without a journal.
    public private(set) var failure: TraderError?

    /// Opens (or continues) the journal in `directory`. `synced`: every row is on disk before the
    /// next step, for live runs; otherwise rows are buffered, for backtests.
    public init(directory: String, instruments: [Instrument], synced: Bool) throws {
        self.instruments = instruments
        let durability: AppendOnlyFile.Durability = synced ? .synced : .buffered
        orders = try AppendOnlyFile(path: directory + "/orders.csv", header: Self.ordersHeader, durability: durability)
        positions = try AppendOnlyFile(path: directory + "/pos_pnl.csv", header: Self.positionsHeader, durability: durability)
    }

    /// Writes everything buffered.
    public func flush() throws {
        try orders.flush()
        try positions.flush()
    }

    public func kernel(submitted order: Order, marks: [Price]) {
        record(order, status: "submitted", time: order.createdAt)
    }

    public func kernel(event: BrokerEvent, portfolio: Portfolio, marks: [Price]) {
        switch event {
        case .accepted(let order):
            record(order, status: "accepted", time: order.createdAt)
        case .rejected(let order, let reason, let message):
            record(order, status: "rejected", time: order.createdAt, reason: "\(reason.rawValue): \(message)")
        case .cancelled(let order, let why):
            record(order, status: "cancelled", time: order.createdAt, reason: why)
        case .filled(let fill):
            let instrument = instruments[fill.instrument]
            let row = [
                Timestamp.format(fill.time), fill.orderID, instrument.symbol, fill.side.rawValue, "", fill.quantity.description, "",
                "filled", fill.price.description, fill.fee.description, "", "",
            ]
            write(orders, row)
            recordPosition(after: fill, portfolio: portfolio, marks: marks)
        }
    }

    /// Writes the `pos_pnl.csv` row of a fill (also used to complete the row a crash left out).
    public func recordPosition(after fill: Fill, portfolio: Portfolio, marks: [Price]) {
        let instrument = instruments[fill.instrument]
        // At a fill, the instrument is marked at the fill price.
        let position = portfolio.positions[fill.instrument]
        var marksNow = marks
        marksNow[fill.instrument] = fill.price
        var average = position.averagePrice
        average.precision = instrument.tickSize.precision
        var quantity = position.quantity
        quantity.precision = instrument.lotSize.precision
        write(positions, [
            Timestamp.format(fill.time), instrument.symbol, quantity.description, average.description,
            position.costBasis.description, fill.price.description, position.realizedPnL.description,
            position.unrealizedPnL(at: fill.price).description, position.fees.description, portfolio.accountCash.description,
            portfolio.equity(marks: marksNow).description,
        ])
    }

    private func record(_ order: Order, status: String, time: Int64, reason: String = "") {
        write(orders, [
            Timestamp.format(time), order.id, instruments[order.instrument].symbol, order.side.rawValue, order.type.description,
            order.quantity.description, order.type.price?.description ?? "", status, "", "", CSV.field(reason), CSV.field(order.tag),
        ])
    }

    private func write(_ file: AppendOnlyFile, _ fields: [String]) {
        do {
            try file.append(fields.joined(separator: ","))
        } catch let error as TraderError {
            if failure == nil { failure = error }
        } catch {
            if failure == nil { failure = TraderError(.io, "\(file.path): \(error)") }
        }
    }
}
